import type { Metadata, ProjectorConfig, Tensor2D } from './types.js';

/** One tensor of a projector folder, with what the projector shows beside it. */
export interface EmbeddingSpec {
  /** Name shown in the projector's tensor menu, unique within the folder. */
  tensorName: string;
  /** `[rows, cols]` float32 values, all finite. */
  tensor: Tensor2D;
  /** One label per row, or named columns. See `formatMetadataTsv` for the file rules. */
  metadata?: Metadata;
  /** A sprite PNG with a square grid of `ceil(sqrt(rows))` cells a side, as `createSprite` writes. */
  sprite?: { png: Uint8Array; cellWidth: number; cellHeight: number };
  /** The projector's saved states, each optionally with one `projections` entry per row. */
  bookmarks?: unknown[];
  /**
   * Also write the tensor as TSV and list it in TensorBoard's `projector_config.pbtxt`.
   * @default true
   */
  tensorboard?: boolean;
}

/** Contents of a projector folder, the input of {@link writeProjectorFolder}. */
export interface ProjectorFolderSpec {
  embeddings: EmbeddingSpec[];
  /**
   * Base URL where the folder will be served, such as `https://user.github.io/repo/`. When set,
   * every path in `projector_config.json` is an absolute URL under it, as
   * `projector.tensorflow.org/?config=` needs. When unset, paths are relative file names.
   */
  publicUrl?: string;
  /**
   * More files to put in the folder, by relative path with `/` separators (an `index.html`,
   * plots). A function receives the projector files and config and returns the content, for a
   * page that lists them or a second copy of the config.
   */
  extraFiles?: Record<string, Uint8Array | string | ((folder: FolderContents) => Uint8Array | string)>;
}

/** The projector files of a folder, as passed to an `extraFiles` function before anything is written. */
export interface FolderContents {
  /** The contents of `projector_config.json`. */
  config: ProjectorConfig;
  /** Projector files with their sizes in bytes; `bytes` is undefined for the TSV tensor, which is formatted while writing. */
  files: Array<{ path: string; bytes: number | undefined }>;
}

/** A warning about data that the projector loads but handles poorly. */
export interface ProjectorWarning {
  tensorName: string;
  message: string;
}

/** Progress of {@link writeProjectorFolder}, reported after each file. */
export interface WriteProgress {
  /** Path of the file just written, relative to the folder. */
  file: string;
  bytes: number;
  /** Files written so far, and in all. */
  done: number;
  total: number;
}

/** Options of {@link writeProjectorFolder}. */
export interface WriteProjectorFolderOptions {
  /**
   * Replace an existing folder. It is replaced only after the new one is complete.
   * @default true
   */
  overwrite?: boolean;
  /**
   * Metadata value written for a row whose values are all empty or whitespace.
   * @default '<empty>'
   */
  emptyValue?: string;
  onProgress?: (progress: WriteProgress) => void;
  /** Receives each warning. The warnings are also returned in `WrittenFolder.warnings`. */
  onWarning?: (warning: ProjectorWarning) => void;
}

/** Result of {@link writeProjectorFolder}. */
export interface WrittenFolder {
  /** Absolute path of the folder. */
  dir: string;
  /** Every file written, relative to the folder, with its size in bytes. */
  files: Array<{ path: string; bytes: number }>;
  /** The contents of `projector_config.json`. */
  config: ProjectorConfig;
  warnings: ProjectorWarning[];
}
