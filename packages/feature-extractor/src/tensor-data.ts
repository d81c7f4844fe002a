/**
 * A tensor as plain data: row-major float32 values and their shape. This is how tensors cross
 * package boundaries in projector-kit, so callers need no tfjs types to hand over data.
 */
export interface TensorData {
  /** The values in row-major order; `data.length` equals the product of `shape`. */
  data: Float32Array;
  /** The dimensions, outermost first, for example `[rows, height, width, channels]`. */
  shape: number[];
}

/**
 * Throws unless `input` is float32 data whose shape has the product `data.length` and matches
 * the model's input shape `expected` (batch size `null`) in every dimension but the first.
 *
 * @throws TypeError when `data` is not a Float32Array; RangeError for an invalid or mismatched shape.
 */
export function validateInput(operation: string, input: TensorData, expected: readonly (number | null)[]): void {
  if (!(input.data instanceof Float32Array)) {
    throw new TypeError(`${operation}: input.data must be a Float32Array, received ${describeValue(input.data)}.`);
  }

  const shape: unknown = input.shape;
  if (!Array.isArray(shape) || shape.some((size) => !Number.isInteger(size) || size < 0)) {
    throw new RangeError(
      `${operation}: input.shape must be an array of non-negative integers, received ${JSON.stringify(shape)}.`,
    );
  }

  const size = input.shape.reduce((product, dimension) => product * dimension, 1);
  if (size !== input.data.length) {
    throw new RangeError(
      `${operation}: input.shape [${input.shape.join(', ')}] requires ${size} values but input.data has ${input.data.length}; ` +
        'pass data of length equal to the product of the shape.',
    );
  }

  const matches =
    input.shape.length === expected.length &&
    expected.every((dimension, axis) => axis === 0 || dimension === null || dimension === input.shape[axis]);
  if (!matches) {
    const expectedText = expected.map((dimension) => (dimension === null ? 'n' : String(dimension))).join(', ');
    throw new RangeError(
      `${operation}: input.shape must be [${expectedText}] to match the model's input, received [${input.shape.join(', ')}].`,
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
