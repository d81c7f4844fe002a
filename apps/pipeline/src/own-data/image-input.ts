import { relative, sep } from 'node:path';

import { DataImportError, readImageFolder } from '@projector-kit/data-import';

import type { ProgressTask, Reporter } from '../progress.js';

/** Pixels 0-255 of square images, `[n, side, side, channels]`, channels last, row-major. */
export interface Images {
  data: Uint8Array;
  shape: [number, number, number, number];
}

/** A class-per-folder image set, in reading order. */
export interface ImageSet {
  images: Images;
  /** Class of each image: the name of its sub-folder. */
  labels: string[];
  /** Path of each image relative to the folder, with `/` separators, such as `cat/001.png`. */
  files: string[];
}

/** Options of {@link readImageSet}. */
export interface ReadImageSetOptions {
  /** Side of the square cells, in pixels. */
  cellSize: number;
  /** 1 (grey) or 3 (RGB); by default 1 when every image is grey, else 3. */
  channels?: 1 | 3;
  /** Skip files that cannot be decoded, with a warning line, instead of failing. */
  skipUnreadable: boolean;
  /** Name of the progress task, such as `Reading images`. */
  task: string;
  reporter: Reporter;
}

/**
 * Reads `dir/<class>/<image>` with `readImageFolder` of `@projector-kit/data-import`: classes
 * and then files sorted by code point, every image scaled to fit a square cell and padded with
 * black.
 *
 * @throws DataImportError naming the file when the folder has no class sub-folder, a class
 *   folder has no image, or an image cannot be decoded (unless `skipUnreadable` is set).
 */
export async function readImageSet(dir: string, options: ReadImageSetOptions): Promise<ImageSet> {
  const { reporter } = options;
  let task: ProgressTask | undefined;

  let folder;
  try {
    folder = await readImageFolder(dir, {
      cellSize: options.cellSize,
      channels: options.channels,
      onUnreadable: options.skipUnreadable
        ? (file, error) => reporter.line(`Warning: skipped ${file}: ${error.message}`)
        : undefined,
      onProgress: (done, total) => {
        task ??= reporter.task(options.task, total);
        task.update(done);
      },
    });
  } catch (error) {
    throw withCliAdvice(error);
  }
  task?.finish(`${folder.files.length} images in ${folder.classes.length} classes`);

  const files = folder.files.map((file) => relative(dir, file).split(sep).join('/'));
  return { images: folder.images, labels: folder.labels, files };
}

/** Rewords the library's advice to pass `onUnreadable` as the command-line flag. */
function withCliAdvice(error: unknown): unknown {
  if (error instanceof DataImportError && error.message.includes('pass onUnreadable')) {
    return new DataImportError(
      error.message.replace('pass onUnreadable to skip such files', 'pass --skip-unreadable to skip such files'),
      {
        file: error.file,
        cause: error.cause,
      },
    );
  }
  return error;
}
