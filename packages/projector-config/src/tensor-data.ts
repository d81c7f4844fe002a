import { endianness } from 'node:os';

import type { Tensor2D } from './types.js';

/**
 * Checks that `tensor` is a Float32Array with a `[rows, cols]` shape of positive integers
 * that matches its length, and returns the shape.
 *
 * @throws TypeError when `data` is not a Float32Array. RangeError for a bad shape or length.
 */
export function checkTensor(context: string, tensor: Tensor2D): [number, number] {
  if (tensor === null || typeof tensor !== 'object' || !(tensor.data instanceof Float32Array)) {
    const data: unknown = tensor?.data;
    const received = data === null || typeof data !== 'object' ? typeof data : data.constructor.name;
    throw new TypeError(`${context}: tensor.data must be a Float32Array, received ${received}.`);
  }

  const { data, shape } = tensor;
  const shapeText = Array.isArray(shape) ? `[${shape.join(', ')}]` : String(shape);
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((size) => Number.isInteger(size) && size >= 1)) {
    throw new RangeError(`${context}: tensor.shape must be [rows, cols] with positive integers, received ${shapeText}.`);
  }
  const [rows, cols] = shape as [number, number];
  if (data.length !== rows * cols) {
    throw new RangeError(
      `${context}: tensor.shape ${shapeText} needs ${rows * cols} values, but tensor.data has ${data.length}.`,
    );
  }

  return [rows, cols];
}

/** Returns the row and column of the first NaN or infinite value, or null when all are finite. */
export function findNonFinite(data: ArrayLike<number>, cols: number): { row: number; col: number; value: number } | null {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      return { row: Math.floor(i / cols), col: i % cols, value: data[i]! };
    }
  }
  return null;
}

/**
 * Returns the tensor as the projector's `.bytes` file: little-endian float32, row-major.
 * On a little-endian host this is a view of `data`, and on a big-endian host a swapped copy.
 */
export function encodeFloat32LE(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (endianness() === 'LE') {
    return bytes;
  }

  const swapped = new Uint8Array(bytes.length);
  const view = new DataView(swapped.buffer);
  for (let i = 0; i < data.length; i++) {
    view.setFloat32(i * 4, data[i]!, true);
  }
  return swapped;
}

/** Decodes a `.bytes` file: little-endian float32 on any host. */
export function decodeFloat32LE(bytes: Uint8Array): Float32Array {
  const values = new Float32Array(Math.floor(bytes.length / 4));
  const view = new DataView(bytes.buffer, bytes.byteOffset, values.length * 4);
  for (let i = 0; i < values.length; i++) {
    values[i] = view.getFloat32(i * 4, true);
  }
  return values;
}

/**
 * Formats a float32 value with the fewest significant digits (up to 9) that read back as the
 * same float32, for example `0.1` rather than `0.10000000149011612`.
 */
export function formatFloat32(value: number): string {
  for (let digits = 6; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) {
      return String(Number(text));
    }
  }
  return String(Number(value.toPrecision(9)));
}

/**
 * Yields the tensor as TSV text in chunks of about `rowsPerChunk` rows: one line per row,
 * tab-separated values, LF line endings and a final LF.
 */
export function* formatTensorTsv(data: Float32Array, rows: number, cols: number, rowsPerChunk = 1000): Generator<string> {
  const line = new Array<string>(cols);
  for (let start = 0; start < rows; start += rowsPerChunk) {
    const lines: string[] = [];
    for (let row = start; row < Math.min(rows, start + rowsPerChunk); row++) {
      for (let col = 0; col < cols; col++) {
        line[col] = formatFloat32(data[row * cols + col]!);
      }
      lines.push(line.join('\t'));
    }
    yield `${lines.join('\n')}\n`;
  }
}
