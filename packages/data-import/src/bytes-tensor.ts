import { DataImportError } from './errors.js';
import type { Tensor } from './npy.js';
import { readSourceBytes } from './source.js';

/**
 * Reads a raw tensor of little-endian float32 values in row-major order: the Embedding
 * Projector's `.bytes` format, as NumPy's `a.astype('<f4').tofile(path)` writes it.
 *
 * @param source - The file's path, or its bytes.
 * @param shape - `[rows, columns]`, which the file does not store.
 * @returns The values and the shape.
 * @throws RangeError when `shape` is not two positive integers.
 * @throws DataImportError when the size is not rows x columns x 4 bytes. The message gives
 *   both byte counts, and notes when the size fits float64 values or another row count.
 */
export function readBytesTensor(source: string | Uint8Array, shape: [number, number]): Tensor {
  const operation = 'readBytesTensor';
  const [rows, columns] = checkShape(shape, operation);
  const { bytes, label, file } = readSourceBytes(source, operation);

  const expected = rows * columns * 4;
  if (bytes.length !== expected) {
    const hints: string[] = [];
    if (bytes.length === rows * columns * 8) {
      hints.push('The size matches float64 values: convert with a.astype(np.float32).tofile(path).');
    } else if (bytes.length % (columns * 4) === 0) {
      hints.push(`The size fits ${bytes.length / (columns * 4)} rows of ${columns} float32 values.`);
    }

    throw new DataImportError(
      `${operation}: ${label} has ${bytes.length} bytes, but shape [${rows}, ${columns}] of ` +
        `float32 needs ${expected} bytes. ${hints.join(' ')}`.trimEnd(),
      { file },
    );
  }

  const data = new Float32Array(rows * columns);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < data.length; i += 1) {
    data[i] = view.getFloat32(i * 4, true);
  }

  return { data, shape: [rows, columns] };
}

function checkShape(shape: [number, number], operation: string): [number, number] {
  const valid = Array.isArray(shape) && shape.length === 2 && shape.every((size) => Number.isSafeInteger(size) && size > 0);
  if (!valid) {
    throw new RangeError(
      `${operation}: shape must be [rows, columns] of positive integers; received ` + `${JSON.stringify(shape)}.`,
    );
  }

  return shape;
}
