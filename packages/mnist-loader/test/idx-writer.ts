// Builds IDX files for tests with Buffer's big-endian writers, independently of the parser.

export type TestDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** Type byte and element size of each IDX element type, from the format's published table. */
export const TYPE_CODES: Record<TestDtype, { code: number; size: number }> = {
  uint8: { code: 0x08, size: 1 },
  int8: { code: 0x09, size: 1 },
  int16: { code: 0x0b, size: 2 },
  int32: { code: 0x0c, size: 4 },
  float32: { code: 0x0d, size: 4 },
  float64: { code: 0x0e, size: 8 },
};

/** Writes an IDX file of the given type and shape, with one entry of `values` per element. */
export function writeIdx(dtype: TestDtype, shape: number[], values: ArrayLike<number>): Buffer {
  const { code, size } = TYPE_CODES[dtype];
  const header = writeIdxHeader(code, shape);

  const body = Buffer.alloc(values.length * size);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const offset = i * size;
    switch (dtype) {
      case 'uint8':
        body.writeUInt8(value, offset);
        break;
      case 'int8':
        body.writeInt8(value, offset);
        break;
      case 'int16':
        body.writeInt16BE(value, offset);
        break;
      case 'int32':
        body.writeInt32BE(value, offset);
        break;
      case 'float32':
        body.writeFloatBE(value, offset);
        break;
      case 'float64':
        body.writeDoubleBE(value, offset);
        break;
    }
  }
  return Buffer.concat([header, body]);
}

/** Writes only an IDX header: type byte, then one uint32 per dimension. */
export function writeIdxHeader(code: number, shape: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = code;
  header[3] = shape.length;
  shape.forEach((dimension, axis) => header.writeUInt32BE(dimension, 4 + 4 * axis));
  return header;
}

/** Returns the IdxError (or other error) thrown by `run`, failing the test when nothing is thrown. */
export function thrownBy(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, but the call returned normally');
}

/** Returns the error a promise rejects with, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
