import { rejectNonFinite } from './validate.js';

/**
 * Column means of a row-major rows x cols matrix, accumulated in float64. Throws RangeError
 * naming the row and column of the first NaN or infinite value.
 */
export function columnMeans(operation: string, data: Float32Array, rows: number, cols: number): Float64Array {
  const sums = new Float64Array(cols);
  for (let row = 0; row < rows; row++) {
    const offset = row * cols;
    for (let col = 0; col < cols; col++) sums[col] += data[offset + col]!;
  }

  let total = 0;
  for (let col = 0; col < cols; col++) total += sums[col]!;
  // A NaN or infinity anywhere makes its column sum non-finite; float32 values cannot overflow a float64 sum.
  if (!Number.isFinite(total)) rejectNonFinite(operation, 'matrix', data, cols);

  for (let col = 0; col < cols; col++) sums[col] = sums[col]! / rows;
  return sums;
}

/**
 * Writes `data - mean` (row-wise) into `target` starting at element `offset` and returns the
 * float64 sum of the squared centred values.
 */
export function centerInto(
  target: Float32Array,
  offset: number,
  data: Float32Array,
  rows: number,
  cols: number,
  mean: Float64Array,
): number {
  let sumOfSquares = 0;
  for (let row = 0; row < rows; row++) {
    const source = row * cols;
    const destination = offset + source;
    for (let col = 0; col < cols; col++) {
      const value = data[source + col]! - mean[col]!;
      target[destination + col] = value;
      sumOfSquares += value * value;
    }
  }
  return sumOfSquares;
}
