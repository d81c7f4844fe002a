import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

import { decodeImage, isGrey } from './decode-image.js';
import { DataImportError } from './errors.js';
import { resizeToCell, type Fit } from './resize.js';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** Options of {@link readImageFolder}. */
export interface ReadImageFolderOptions {
  /**
   * Side of the square cell that every image is resized to, in pixels.
   * @default 28
   */
  cellSize?: number;

  /**
   * Channels of the output: 1 (grey) or 3 (RGB). By default 1 when every image is grey
   * (equal red, green and blue in every pixel), else 3. Colour images read with 1 channel are
   * converted with the ITU-R BT.601 luma weights 0.299, 0.587 and 0.114.
   */
  channels?: 1 | 3;

  /**
   * Fitting of a non-square image into the cell. `pad` scales the whole image to fit and fills the
   * margins with `background`. `crop` scales it to cover the cell and keeps the centre.
   * @default 'pad'
   */
  fit?: Fit;

  /**
   * Grey level (0 to 255) of the margins and behind transparent pixels.
   * @default 0, black, as behind MNIST digits
   */
  background?: number;

  /**
   * Called for a file that cannot be decoded. When given, the file is skipped and reading
   * goes on; when absent, reading stops with a `DataImportError` that names the file.
   */
  onUnreadable?: (file: string, error: Error) => void;

  /** Called after each image file with the number of files done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Images of a class-per-folder data set, in the order of `files`. */
export interface ImageFolder {
  /** Pixel values 0 to 255, shape `[n, cellSize, cellSize, channels]`, row-major. */
  images: { data: Uint8Array; shape: [number, number, number, number] };

  /** Class of each image: the name of its sub-folder. */
  labels: string[];

  /** Path of each image (the folder joined with the class and the file name). */
  files: string[];

  /** The class sub-folder names, sorted. */
  classes: string[];
}

/**
 * Reads a folder with one sub-folder per class of PNG and JPEG images, resized to square
 * cells: the layout of Keras's `image_dataset_from_directory`.
 *
 * Sub-folders and files are sorted by code point, so the order repeats on every system.
 * Files whose extension is not `.png`, `.jpg` or `.jpeg` (any case) and files directly in
 * `dir` are ignored. The format is detected from the file's bytes. Images of any size, grey,
 * RGB, RGBA or palette PNGs, are accepted; transparent pixels are composited over the
 * background. See {@link ReadImageFolderOptions} for the resizing.
 *
 * @param dir - The folder that contains one sub-folder per class.
 * @param options - See {@link ReadImageFolderOptions}.
 * @returns The images, the label of each, their paths and the class names.
 * @throws RangeError for an invalid option.
 * @throws DataImportError when `dir` cannot be read, has no class sub-folder, a class
 *   sub-folder has no image, or (without `onUnreadable`) an image cannot be decoded.
 */
export async function readImageFolder(dir: string, options: ReadImageFolderOptions = {}): Promise<ImageFolder> {
  const { cellSize = 28, channels, fit = 'pad', background = 0, onUnreadable, onProgress } = options;
  checkOptions(cellSize, channels, fit, background);

  const entries = await listImages(dir);
  // Without a channels option, cells are kept as RGB until every image has been seen.
  const cellChannels = channels ?? 3;
  const cells: Uint8Array[] = [];
  const labels: string[] = [];
  const files: string[] = [];
  let allGrey = true;

  for (const [index, entry] of entries.entries()) {
    try {
      const image = decodeImage(await readFile(entry.file));
      allGrey &&= isGrey(image);
      cells.push(packCell(resizeToCell(image, cellSize, fit, background), cellChannels));
      labels.push(entry.label);
      files.push(entry.file);
    } catch (error) {
      if (onUnreadable === undefined) {
        throw new DataImportError(
          `readImageFolder: cannot decode ${entry.file}: ${(error as Error).message}. Remove ` +
            `or replace the file, or pass onUnreadable to skip such files.`,
          { file: entry.file, cause: error },
        );
      }
      onUnreadable(entry.file, error as Error);
    }
    onProgress?.(index + 1, entries.length);
  }

  const outputChannels = channels ?? (allGrey ? 1 : 3);
  const data = concatenateCells(cells, outputChannels === 1 && cellChannels === 3);
  const classes = [...new Set(entries.map((entry) => entry.label))];
  return { images: { data, shape: [cells.length, cellSize, cellSize, outputChannels] }, labels, files, classes };
}

function checkOptions(cellSize: number, channels: number | undefined, fit: string, background: number): void {
  if (!Number.isSafeInteger(cellSize) || cellSize < 1) {
    throw new RangeError(`readImageFolder: cellSize must be a positive integer; received ${cellSize}.`);
  }

  if (channels !== undefined && channels !== 1 && channels !== 3) {
    throw new RangeError(`readImageFolder: channels must be 1 or 3; received ${channels}.`);
  }

  if (fit !== 'pad' && fit !== 'crop') {
    throw new RangeError(`readImageFolder: fit must be 'pad' or 'crop'; received ${JSON.stringify(fit)}.`);
  }

  if (!(background >= 0 && background <= 255)) {
    throw new RangeError(`readImageFolder: background must be a grey level from 0 to 255; received ${background}.`);
  }
}

/** Lists `{ file, label }` for every image in the class sub-folders, sorted. */
async function listImages(dir: string): Promise<{ file: string; label: string }[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new DataImportError(`readImageFolder: cannot read the folder ${dir}: ${(error as Error).message}`, {
      file: dir,
      cause: error,
    });
  }

  const classes = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (classes.length === 0) {
    throw new DataImportError(
      `readImageFolder: ${dir} has no sub-folders. Put the images of each class in a ` + `sub-folder named after the class.`,
      { file: dir },
    );
  }

  const images: { file: string; label: string }[] = [];
  for (const label of classes) {
    const names = (await readdir(join(dir, label), { withFileTypes: true }))
      .filter((entry) => entry.isFile() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase()))
      .map((entry) => entry.name)
      .sort();
    if (names.length === 0) {
      throw new DataImportError(
        `readImageFolder: class folder ${join(dir, label)} has no .png, .jpg or .jpeg files. ` +
          `Add images or remove the folder.`,
        { file: join(dir, label) },
      );
    }
    images.push(...names.map((name) => ({ file: join(dir, label, name), label })));
  }

  return images;
}

/** Rounds a float RGB cell to bytes, converting to grey when `channels` is 1. */
function packCell(cell: Float32Array, channels: 1 | 3): Uint8Array {
  const pixels = cell.length / 3;
  const packed = new Uint8Array(pixels * channels);
  for (let p = 0; p < pixels; p += 1) {
    const r = cell[p * 3] as number;
    const g = cell[p * 3 + 1] as number;
    const b = cell[p * 3 + 2] as number;
    if (channels === 3) {
      packed[p * 3] = toByte(r);
      packed[p * 3 + 1] = toByte(g);
      packed[p * 3 + 2] = toByte(b);
    } else {
      packed[p] = toByte(r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b);
    }
  }

  return packed;
}

/** Joins the cells into one array, keeping only the red channel of RGB cells if `toGrey`. */
function concatenateCells(cells: Uint8Array[], toGrey: boolean): Uint8Array {
  const step = toGrey ? 3 : 1;
  const total = cells.reduce((sum, cell) => sum + cell.length / step, 0);
  const data = new Uint8Array(total);
  let offset = 0;
  for (const cell of cells) {
    if (toGrey) {
      for (let i = 0; i < cell.length; i += 3) {
        data[offset + i / 3] = cell[i] as number;
      }
    } else {
      data.set(cell, offset);
    }
    offset += cell.length / step;
  }

  return data;
}

function toByte(value: number): number {
  return Math.min(255, Math.max(0, Math.round(value)));
}
