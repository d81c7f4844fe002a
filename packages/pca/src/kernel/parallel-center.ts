import { centerInto, columnMeans } from '../center.js';
import { rejectNonFinite } from '../validate.js';
import { type ComputeContext, matrixBytes } from './compute-context.js';

/** Column means and the sum of squares of the centred values. */
export interface CenterResult {
  mean: Float64Array;
  sumOfSquares: number;
}

/**
 * Copies a rows x cols matrix into the context at `pointer` and centres its columns there,
 * in float64 arithmetic, splitting the rows over the context's threads. Throws RangeError
 * naming the row and column of the first NaN or infinite value.
 */
export async function copyAndCenter(
  context: ComputeContext,
  pointer: number,
  data: Float32Array,
  rows: number,
  cols: number,
  operation: string,
): Promise<CenterResult> {
  if (context.kernel === 'js') {
    const mean = columnMeans(operation, data, rows, cols);
    return { mean, sumOfSquares: centerInto(context.f32, pointer / 4, data, rows, cols, mean) };
  }

  context.view(pointer, rows * cols).set(data);
  const parts = splitRowRanges(rows, context.threadCount);
  const scratch = context.allocate(1, scratchFloats(cols, parts.length));
  const f64 = new Float64Array(context.f32.buffer);
  const sumsAt = (part: number): number => scratch + part * cols * 8;
  const meanAt = sumsAt(parts.length);
  const squaresAt = meanAt + cols * 8;

  await context.runExport(
    'column_sums',
    parts.map(([start, count], part) => [pointer + start * cols * 4, count, cols, sumsAt(part)]),
  );
  const mean = new Float64Array(cols);
  for (let part = 0; part < parts.length; part++) {
    const sums = f64.subarray(sumsAt(part) / 8, sumsAt(part) / 8 + cols);
    for (let col = 0; col < cols; col++) mean[col] += sums[col]!;
  }
  let total = 0;
  for (let col = 0; col < cols; col++) total += mean[col]!;
  // A NaN or infinity anywhere makes its column sum non-finite; float32 values cannot overflow a float64 sum.
  if (!Number.isFinite(total)) rejectNonFinite(operation, 'matrix', data, cols);
  for (let col = 0; col < cols; col++) mean[col] = mean[col]! / rows;

  f64.set(mean, meanAt / 8);
  await context.runExport(
    'center_rows',
    parts.map(([start, count], part) => [pointer + start * cols * 4, count, cols, meanAt, squaresAt + part * 8]),
  );
  let sumOfSquares = 0;
  for (let part = 0; part < parts.length; part++) sumOfSquares += f64[squaresAt / 8 + part]!;
  return { mean, sumOfSquares };
}

/** Bytes of scratch that {@link copyAndCenter} allocates for `threads` threads. */
export function centerScratchBytes(cols: number, threads: number): number {
  return matrixBytes(1, scratchFloats(cols, threads));
}

/** Float32 slots for float64 column sums per thread, the mean and a sum of squares per thread. */
function scratchFloats(cols: number, parts: number): number {
  return 2 * ((parts + 1) * cols + parts);
}

/** Splits [0, rows) into at most `parts` contiguous [start, count] ranges. */
function splitRowRanges(rows: number, parts: number): [number, number][] {
  const chunk = Math.ceil(rows / parts);
  const ranges: [number, number][] = [];
  for (let start = 0; start < rows; start += chunk) ranges.push([start, Math.min(chunk, rows - start)]);
  return ranges;
}
