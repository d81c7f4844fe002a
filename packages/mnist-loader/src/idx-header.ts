import { constants as bufferConstants } from 'node:buffer';
import { IdxError } from './idx-error.js';
import { IDX_ELEMENT_TYPES, formatShape, hexByte, type IdxElementType } from './idx-types.js';

/** Source name and gzip flag that every IdxError of one parse carries. */
export interface ParseContext {
  file: string;
  inflated: boolean;
}

/** Checks that the input has at least the 4 fixed header bytes and that the first two are zero. */
export function checkMagic(raw: Uint8Array, context: ParseContext): void {
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

/** Returns the element type named by the type byte (byte 2). */
export function readElementType(raw: Uint8Array, context: ParseContext): IdxElementType {
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

/** Returns the dimension sizes after checking the dimension count and that each size is at least 1. */
export function readShape(raw: Uint8Array, context: ParseContext): number[] {
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

/** Returns the product of the dimension sizes after checking that it fits in a typed array. */
export function countElements(shape: number[], type: IdxElementType, context: ParseContext): number {
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

/** Checks that the data after the header is exactly as long as the shape requires. */
export function checkDataLength(
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
