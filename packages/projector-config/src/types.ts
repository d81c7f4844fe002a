/** A 2-D float32 tensor: `data` contains `rows * cols` values, row-major. */
export interface Tensor2D {
  data: Float32Array;
  shape: readonly [rows: number, cols: number] | readonly number[];
}

/** A metadata value: numbers are written with `String(value)`. */
export type MetadataValue = string | number;

/**
 * Labels of the tensor rows: one label per row (a single column, written without a header
 * line) as an array or a typed array such as MNIST's Uint8Array of digits, or named columns
 * with one array of values per row.
 */
export type Metadata =
  readonly MetadataValue[] | ArrayLike<number> | { columns: readonly string[]; rows: readonly (readonly MetadataValue[])[] };

/** The `sprite` entry of an embedding in `projector_config.json`. */
export interface SpriteInfo {
  imagePath: string;
  /** Cell size in pixels: `[width, height]`. */
  singleImageDim: [number, number];
}

/** One embedding of `projector_config.json`, as the Embedding Projector reads it. */
export interface EmbeddingInfo {
  tensorName: string;
  /** `[rows, cols]`. */
  tensorShape: [number, number];
  /** A path ending in `.bytes` is read as little-endian float32, anything else as TSV. */
  tensorPath: string;
  metadataPath?: string;
  sprite?: SpriteInfo;
  bookmarksPath?: string;
}

/** The contents of `projector_config.json`. */
export interface ProjectorConfig {
  embeddings: EmbeddingInfo[];
  modelCheckpointPath?: string;
}

/** One finding of a check, with the file it is about (relative to the folder when local). */
export interface Problem {
  severity: 'error' | 'warning' | 'info';
  file: string;
  /** Description of the problem and of its fix. */
  message: string;
}

/** Result of {@link validateProjectorFolder}. */
export interface ValidationReport {
  /** True when no problem has severity `error`. */
  ok: boolean;
  problems: Problem[];
  /** Embeddings whose config entry was readable, with the shape the config declares. */
  embeddings: Array<{ tensorName: string; rows: number; cols: number }>;
}
