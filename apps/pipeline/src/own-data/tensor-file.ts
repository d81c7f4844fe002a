import { extname } from 'node:path';

import { readBytesTensor, readNpy, readTsvTensor } from '@projector-kit/data-import';

import { UsageError } from '../options.js';

/** A float32 matrix in row-major order. */
export interface Matrix {
  data: Float32Array;
  shape: [number, number];
}

/** A tensor read from `--tensor`, with notes on how it was read for the log. */
export interface TensorFile {
  tensor: Matrix;
  /** Lines for the log, such as a float64 file rounded to float32. */
  notes: string[];
}

/**
 * Reads the embeddings of `--tensor` by file extension: `.npy` (float32 or float64 in C
 * order), `.bytes` (little-endian float32, shape from `shapeText`) or `.tsv` (one row per
 * line, tab-separated). An `.npy` array of more than two dimensions is flattened to
 * `[rows, product of the other sizes]`.
 *
 * @param path - The tensor file.
 * @param shapeText - `--shape` as `ROWSxCOLS`, required for `.bytes` and rejected otherwise.
 * @throws UsageError for an unknown extension, or a missing, malformed or unneeded `--shape`.
 * @throws RangeError for an `.npy` array of fewer than two dimensions or with no values.
 * @throws DataImportError (from `@projector-kit/data-import`) for a file whose content or
 *   size does not match its format.
 */
export function readTensorFile(path: string, shapeText: string | undefined): TensorFile {
  const extension = extname(path).toLowerCase();

  if (shapeText !== undefined && extension !== '.bytes') {
    throw new UsageError(`--shape applies to .bytes files only: ${path} stores its own shape. Drop --shape.`);
  }

  switch (extension) {
    case '.npy':
      return readNpyMatrix(path);
    case '.bytes': {
      if (shapeText === undefined) {
        throw new UsageError(
          `Missing --shape for ${path}: a .bytes file does not store its shape. Pass --shape ROWSxCOLS, such as --shape 1000x128.`,
        );
      }
      const tensor = readBytesTensor(path, parseShape(shapeText));
      return { tensor: tensor as Matrix, notes: [] };
    }
    case '.tsv':
      return { tensor: readTsvTensor(path) as Matrix, notes: [] };
    default:
      throw new UsageError(
        `Invalid --tensor "${path}": unknown extension "${extension}". Pass a .npy (np.save), .bytes (float32 with --shape) or .tsv file.`,
      );
  }
}

/**
 * Parses `--shape`: two positive integers joined by `x`, such as `1000x128`.
 *
 * @throws UsageError for any other text.
 */
export function parseShape(text: string): [number, number] {
  const match = /^\s*(\d+)\s*[xX,]\s*(\d+)\s*$/.exec(text);
  const rows = match ? Number(match[1]) : Number.NaN;
  const columns = match ? Number(match[2]) : Number.NaN;
  if (!(rows >= 1 && columns >= 1 && Number.isSafeInteger(rows * columns * 4))) {
    throw new UsageError(`Invalid --shape "${text}": expected ROWSxCOLS with two positive integers, such as 1000x128.`);
  }
  return [rows, columns];
}

function readNpyMatrix(path: string): TensorFile {
  const npy = readNpy(path);
  const notes: string[] = [];

  if (npy.sourceDtype === 'float64') {
    notes.push(`${path}: float64 values rounded to float32, the projector's type.`);
  }
  if (npy.shape.length < 2) {
    throw new RangeError(
      `--tensor ${path}: the array has shape [${npy.shape.join(', ')}], but the projector needs [rows, columns]. ` +
        'Save a 2-D array, such as a.reshape(-1, 1) for one value per row.',
    );
  }

  const [rows, ...rest] = npy.shape as [number, ...number[]];
  const columns = rest.reduce((product, size) => product * size, 1);
  if (rest.length > 1) {
    notes.push(`${path}: shape [${npy.shape.join(', ')}] flattened to [${rows}, ${columns}], row-major.`);
  }
  if (rows === 0 || columns === 0) {
    throw new RangeError(
      `--tensor ${path}: the array has shape [${npy.shape.join(', ')}] with no values. Save an array with at least one row and column.`,
    );
  }

  return { tensor: { data: npy.data, shape: [rows, columns] }, notes };
}
