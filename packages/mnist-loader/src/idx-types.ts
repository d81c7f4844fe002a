/** Element type of an IDX tensor, named after the matching typed array. */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** Typed array that contains the elements of an IDX tensor. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A parsed IDX file: elements in row-major order and the size of each dimension. */
export interface IdxTensor {
  /** Elements in native byte order. The length is the product of `shape`. */
  data: IdxData;
  /** Size of each dimension, outermost first, as stored in the header. */
  shape: number[];
  /** Element type, given by the type byte of the header. */
  dtype: IdxDtype;
}

/** Properties of one IDX element type. */
export interface IdxElementType {
  code: number;
  dtype: IdxDtype;
  bytesPerElement: number;
}

/** The six element types of the IDX format, keyed by the type byte (byte 2 of the header). */
export const IDX_ELEMENT_TYPES: ReadonlyMap<number, IdxElementType> = new Map(
  [
    { code: 0x08, dtype: 'uint8', bytesPerElement: 1 },
    { code: 0x09, dtype: 'int8', bytesPerElement: 1 },
    { code: 0x0b, dtype: 'int16', bytesPerElement: 2 },
    { code: 0x0c, dtype: 'int32', bytesPerElement: 4 },
    { code: 0x0d, dtype: 'float32', bytesPerElement: 4 },
    { code: 0x0e, dtype: 'float64', bytesPerElement: 8 },
  ].map((type) => [type.code, type as IdxElementType]),
);

/** Formats a byte as `0x0d`. */
export function hexByte(value: number): string {
  return `0x${value.toString(16).padStart(2, '0')}`;
}

/** Formats a shape as `[60000, 28, 28]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
