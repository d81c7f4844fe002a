import { DataImportError } from './errors.js';
import { readSourceBytes } from './source.js';

/** A float32 tensor in row-major (C) order. */
export interface Tensor {
  data: Float32Array;
  shape: number[];
}

/** A tensor read from `.npy`, with the dtype it was stored in. */
export interface NpyTensor extends Tensor {
  /** The file's dtype; float64 values are rounded to float32. */
  sourceDtype: 'float32' | 'float64';
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

/**
 * Reads a NumPy `.npy` file of float32 or float64 values, as `np.save` writes it.
 *
 * Parses format versions 1.0, 2.0 and 3.0. Big-endian data (`>f4`, `>f8`) is converted.
 *
 * @param source - The file's bytes, or its path.
 * @returns The values as float32 in C order, the shape (for example `[rows, columns]`), and
 *   the dtype they were stored in.
 * @throws DataImportError when the magic string or header is invalid, the dtype is not
 *   float32 or float64, the array is stored in Fortran order, or the data size does not match
 *   the shape.
 */
export function readNpy(source: Uint8Array | string): NpyTensor {
  const operation = 'readNpy';
  const { bytes, label, file } = readSourceBytes(source, operation);
  const header = parseHeader(bytes, label, file);

  const dtype = /^([<>=])f([48])$/.exec(header.descr);
  if (dtype === null) {
    throw new DataImportError(
      `${operation}: ${label} has dtype '${header.descr}'; only float32 ('<f4', '>f4') and ` +
        `float64 ('<f8', '>f8') are supported. Convert with a.astype(np.float32).`,
      { file },
    );
  }

  if (header.fortranOrder) {
    throw new DataImportError(
      `${operation}: ${label} is stored in Fortran (column-major) order; only C order is ` +
        `supported. Save np.ascontiguousarray(a) instead.`,
      { file },
    );
  }

  const itemSize: 4 | 8 = dtype[2] === '4' ? 4 : 8;
  const littleEndian = dtype[1] !== '>';
  const count = header.shape.reduce((product, size) => product * size, 1);
  const dataBytes = bytes.length - header.dataOffset;
  if (dataBytes !== count * itemSize) {
    throw new DataImportError(
      `${operation}: ${label} has ${dataBytes} data bytes, but shape ` +
        `(${header.shape.join(', ')}) of '${header.descr}' needs ${count * itemSize}. The ` +
        `file is truncated or its header is wrong.`,
      { file },
    );
  }

  const data = decodeFloats(bytes.subarray(header.dataOffset), itemSize, littleEndian);
  return { data, shape: header.shape, sourceDtype: itemSize === 4 ? 'float32' : 'float64' };
}

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decodes float32 or float64 values of either byte order into a new Float32Array. */
function decodeFloats(bytes: Uint8Array, itemSize: 4 | 8, littleEndian: boolean): Float32Array {
  if (littleEndian === HOST_IS_LITTLE_ENDIAN) {
    // A copy starts at offset 0, so it is aligned for the typed array views. Buffer.slice
    // returns a view rather than a copy, hence the Uint8Array constructor.
    const aligned = new Uint8Array(bytes).buffer;
    return itemSize === 4 ? new Float32Array(aligned) : Float32Array.from(new Float64Array(aligned));
  }

  const count = bytes.length / itemSize;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i += 1) {
    data[i] = itemSize === 4 ? view.getFloat32(i * 4, littleEndian) : view.getFloat64(i * 8, littleEndian);
  }

  return data;
}

function parseHeader(bytes: Uint8Array, label: string, file: string | undefined): NpyHeader {
  const fail = (rule: string): DataImportError =>
    new DataImportError(`readNpy: ${label} is not a valid .npy file: ${rule}.`, { file });

  if (bytes.length < 10 || !MAGIC.every((byte, i) => bytes[i] === byte)) {
    throw fail('it does not start with the magic string \\x93NUMPY');
  }

  const major = bytes[6] as number;
  if (major < 1 || major > 3) {
    throw fail(`format version ${major}.${bytes[7]} is unknown (expected 1.0, 2.0 or 3.0)`);
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthSize) {
    throw fail('the header length is missing');
  }

  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lengthSize + headerLength;
  if (dataOffset > bytes.length) {
    throw fail(`the header claims ${headerLength} bytes but the file has ${bytes.length}`);
  }

  const encoding = major === 3 ? 'utf-8' : 'latin1';
  const text = new TextDecoder(encoding).decode(bytes.subarray(8 + lengthSize, dataOffset));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortranOrder = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortranOrder === undefined || shapeText === undefined) {
    throw fail(`the header ${JSON.stringify(text.trim())} lacks 'descr', 'fortran_order' or 'shape'`);
  }

  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => Number(part.replace(/L$/, '')));
  if (shape.some((size) => !Number.isSafeInteger(size) || size < 0)) {
    throw fail(`the shape (${shapeText}) is not a tuple of non-negative integers`);
  }

  return { descr, fortranOrder: fortranOrder === 'True', shape, dataOffset };
}
