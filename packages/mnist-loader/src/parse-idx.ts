import { gunzipSync } from 'node:zlib';
import { IdxError } from './idx-error.js';
import { checkDataLength, checkMagic, countElements, readElementType, readShape, type ParseContext } from './idx-header.js';
import type { IdxData, IdxElementType, IdxTensor } from './idx-types.js';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * Parses an IDX file (the format of the MNIST files), plain or gzip-compressed.
 *
 * The header is two zero bytes, a type byte, the dimension count and one big-endian uint32 size
 * per dimension. The elements follow in big-endian, row-major order. Input that starts with the
 * gzip magic bytes `1f 8b` is inflated first.
 *
 * uint8 and int8 data are views on `bytes` (or on the inflated copy) and share its memory. The
 * other types are converted to native byte order in a new array.
 *
 * @param bytes - The file contents.
 * @param source - Name used as `file` in errors, usually the path. Defaults to `'<buffer>'`.
 * @returns The elements, the shape `[d0, d1, ...]` and the element type.
 * @throws IdxError for a corrupt gzip stream, invalid magic bytes, an unknown type byte, a
 *   dimension count of 0, a truncated header or a dimension of size 0. It is also thrown when the
 *   element count exceeds `Number.MAX_SAFE_INTEGER` or the maximum typed array size, and when the
 *   data is shorter or longer than the shape requires.
 * @throws TypeError when `bytes` is not a Uint8Array.
 */
export function parseIdx(bytes: Uint8Array, source = '<buffer>'): IdxTensor {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(
      `parseIdx: bytes must be a Uint8Array such as a Buffer, received ${describeType(bytes)}. ` +
        'Read the file with fs.readFile or pass new Uint8Array(arrayBuffer).',
    );
  }

  const inflated = isGzip(bytes);
  const context: ParseContext = { file: source, inflated };
  const raw = inflated ? inflate(bytes, source) : bytes;

  checkMagic(raw, context);
  const type = readElementType(raw, context);
  const shape = readShape(raw, context);

  const count = countElements(shape, type, context);
  const dataOffset = 4 + 4 * shape.length;
  checkDataLength(raw, dataOffset, count, shape, type, context);

  return { data: decodeElements(raw, dataOffset, count, type), shape, dtype: type.dtype };
}

/** Returns whether `bytes` starts with the gzip magic bytes `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

function inflate(bytes: Uint8Array, file: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new IdxError({
      file,
      offset: 0,
      field: 'gzip',
      expected: 'a complete gzip stream',
      found: error instanceof Error ? `"${error.message}"` : String(error),
      problem: 'corrupt gzip data',
      hint: 'Re-download the file, or test it with `gunzip -t`.',
      cause: error,
    });
  }
}

/** Copies big-endian elements into native byte order. uint8 and int8 need no conversion, so they stay views. */
function decodeElements(raw: Uint8Array, dataOffset: number, count: number, type: IdxElementType): IdxData {
  const byteOffset = raw.byteOffset + dataOffset;
  if (type.dtype === 'uint8') return new Uint8Array(raw.buffer, byteOffset, count);
  if (type.dtype === 'int8') return new Int8Array(raw.buffer, byteOffset, count);

  const view = new DataView(raw.buffer, byteOffset, count * type.bytesPerElement);
  switch (type.dtype) {
    case 'int16': {
      const data = new Int16Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt16(2 * i);
      return data;
    }
    case 'int32': {
      const data = new Int32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt32(4 * i);
      return data;
    }
    case 'float32': {
      const data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(4 * i);
      return data;
    }
    case 'float64': {
      const data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(8 * i);
      return data;
    }
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
