import { constants as bufferConstants } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { IdxError } from './idx-error.js';
import {
  IDX_ELEMENT_TYPES,
  formatShape,
  hexByte,
  type IdxData,
  type IdxElementType,
  type IdxTensor,
} from './idx-types.js';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Source name and gzip flag that every IdxError of one parse carries. */
interface ParseContext {
  file: string;
  inflated: boolean;
}

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

function checkMagic(raw: Uint8Array, context: ParseContext): void {
  if (raw.length < 4) {
    throw new IdxError({
      ...context,
      offset: 0,
      field: 'magic',
      expected: '4 header bytes (0x00 0x00, type byte, dimension count)',
      found: `${raw.length} bytes`,
      problem: 'truncated header',
      hint: 'Re-download or check the file is complete.',
    });
  }

  if (raw[0] !== 0 || raw[1] !== 0) {
    throw new IdxError({
      ...context,
      offset: raw[0] !== 0 ? 0 : 1,
      field: 'magic',
      expected: '0x00 0x00',
      found: `${hexByte(raw[0]!)} ${hexByte(raw[1]!)}`,
      problem: 'invalid magic',
      hint: 'An IDX file starts with two zero bytes; check that this is an IDX file, plain or gzip-compressed, and not an HTML page or another format.',
    });
  }
}

function readElementType(raw: Uint8Array, context: ParseContext): IdxElementType {
  const code = raw[2]!;
  const type = IDX_ELEMENT_TYPES.get(code);
  if (type === undefined) {
    throw new IdxError({
      ...context,
      offset: 2,
      field: 'type',
      expected: [...IDX_ELEMENT_TYPES.values()].map((t) => `${hexByte(t.code)} (${t.dtype})`).join(', '),
      found: hexByte(code),
      problem: 'unknown element type',
      hint: 'The type byte is corrupt or the file is not an IDX file.',
    });
  }
  return type;
}

function readShape(raw: Uint8Array, context: ParseContext): number[] {
  const rank = raw[3]!;
  if (rank === 0) {
    throw new IdxError({
      ...context,
      offset: 3,
      field: 'dimensions',
      expected: '1 to 255 dimensions',
      found: 0,
      problem: 'invalid dimension count',
      hint: 'The header is corrupt or the file is not an IDX file.',
    });
  }

  const headerLength = 4 + 4 * rank;
  if (raw.length < headerLength) {
    throw new IdxError({
      ...context,
      offset: 4,
      field: 'dimensions',
      expected: `${4 * rank} bytes for ${rank} dimension sizes`,
      found: `${raw.length - 4} bytes`,
      problem: 'truncated header',
      hint: 'Re-download or check the file is complete.',
    });
  }

  const view = new DataView(raw.buffer, raw.byteOffset, headerLength);
  const shape: number[] = [];
  for (let axis = 0; axis < rank; axis++) {
    const size = view.getUint32(4 + 4 * axis);
    if (size === 0) {
      throw new IdxError({
        ...context,
        offset: 4 + 4 * axis,
        field: `dimension ${axis}`,
        expected: 'a size of at least 1',
        found: 0,
        problem: `invalid dimension ${axis}`,
        hint: 'A zero size leaves the tensor empty, which points to a corrupt header or a failed export.',
      });
    }
    shape.push(size);
  }
  return shape;
}

function countElements(shape: number[], type: IdxElementType, context: ParseContext): number {
  let count = 1;
  for (const size of shape) {
    count *= size;
    if (count > Number.MAX_SAFE_INTEGER) {
      throw new IdxError({
        ...context,
        offset: 4,
        field: 'dimensions',
        expected: `at most ${Number.MAX_SAFE_INTEGER} elements (Number.MAX_SAFE_INTEGER)`,
        found: `shape ${formatShape(shape)}, whose element count overflows`,
        problem: 'too many elements',
        hint: 'The dimension sizes are corrupt.',
      });
    }
  }

  const maxCount = Math.floor(bufferConstants.MAX_LENGTH / type.bytesPerElement);
  if (count > maxCount) {
    throw new IdxError({
      ...context,
      offset: 4,
      field: 'dimensions',
      expected: `at most ${maxCount} elements of ${type.dtype} (the maximum typed array size)`,
      found: `${count} elements for shape ${formatShape(shape)}`,
      problem: 'too many elements',
      hint: 'The dimension sizes are corrupt, or the tensor must be split into smaller files.',
    });
  }
  return count;
}

function checkDataLength(
  raw: Uint8Array,
  dataOffset: number,
  count: number,
  shape: number[],
  type: IdxElementType,
  context: ParseContext,
): void {
  const expectedBytes = count * type.bytesPerElement;
  const foundBytes = raw.length - dataOffset;
  if (foundBytes === expectedBytes) return;

  const truncated = foundBytes < expectedBytes;
  throw new IdxError({
    ...context,
    offset: truncated ? dataOffset : dataOffset + expectedBytes,
    field: 'data',
    expected: `${expectedBytes} bytes of ${type.dtype} for shape ${formatShape(shape)}`,
    found: foundBytes,
    problem: truncated ? 'truncated data' : 'trailing bytes after data',
    hint: truncated
      ? 'Re-download or check the file is complete.'
      : 'Check that the dimension sizes are right and that nothing was appended to the file.',
  });
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
