/**
 * A tensor as plain data: row-major float32 values and their shape. This is how tensors cross
 * package boundaries in projector-kit, so callers need no tfjs types to hand over data.
 */
export interface TensorData {
  /** The values in row-major order; `data.length` equals the product of `shape`. */
  data: Float32Array;
  /** The dimensions, outermost first, for example `[batch, height, width, channels]`. */
  shape: number[];
}

/**
 * Throws unless `tensor.shape` is a list of non-negative integers whose product is
 * `tensor.data.length`.
 *
 * @param operation - The public function that received the tensor, named in the error.
 * @param parameter - The parameter name, named in the error.
 * @throws TypeError when `data` is not a Float32Array; RangeError when the shape is invalid or
 *   does not match the data length.
 */
export function validateTensorData(operation: string, parameter: string, tensor: TensorData): void {
  if (!(tensor.data instanceof Float32Array)) {
    throw new TypeError(`${operation}: ${parameter}.data must be a Float32Array, received ${describeValue(tensor.data)}.`);
  }

  if (!Array.isArray(tensor.shape) || tensor.shape.some((size) => !Number.isInteger(size) || size < 0)) {
    throw new RangeError(
      `${operation}: ${parameter}.shape must be an array of non-negative integers, received ${JSON.stringify(tensor.shape)}.`,
    );
  }

  const size = tensor.shape.reduce((product, dimension) => product * dimension, 1);
  if (size !== tensor.data.length) {
    throw new RangeError(
      `${operation}: ${parameter}.shape [${tensor.shape.join(', ')}] requires ${size} values but ${parameter}.data has ` +
        `${tensor.data.length}; pass data of length equal to the product of the shape.`,
    );
  }
}

/**
 * Throws unless `shape` matches the model's input shape `expected` (whose first entry, the batch
 * size, is `null`) in every dimension but the first.
 *
 * @throws RangeError naming the shape received and the shape expected.
 */
export function validateInputShape(
  operation: string,
  parameter: string,
  shape: readonly number[],
  expected: readonly (number | null)[],
): void {
  const matches =
    shape.length === expected.length && expected.every((size, axis) => axis === 0 || size === null || size === shape[axis]);
  if (!matches) {
    const expectedText = expected.map((size) => (size === null ? 'n' : String(size))).join(', ');
    throw new RangeError(
      `${operation}: ${parameter}.shape must be [${expectedText}] to match the model's input, received [${shape.join(', ')}].`,
    );
  }
}

/** Returns the class name of an object, or the type of any other value, for error messages. */
function describeValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (typeof value === 'object') {
    return value.constructor.name;
  }
  return typeof value;
}
