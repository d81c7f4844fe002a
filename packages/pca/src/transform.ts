import { ComputeContext, matrixBytes } from './kernel/compute-context.js';
import type { Matrix, PcaModel } from './types.js';
import { rejectNonFinite, validateMatrix } from './validate.js';

/** Products below this many multiply-adds run in plain JavaScript, above it on the wasm kernel. */
const WASM_MIN_MULTIPLY_ADDS = 1e6;

/**
 * Projects rows onto the principal axes: `(matrix - mean) * components^T`.
 *
 * @param model - A model from {@link fitPca}.
 * @param matrix - Data of shape `[rows, columns]` with the model's column count.
 * @returns The projection, shape `[rows, components]`, row-major.
 * @throws TypeError or RangeError for a malformed matrix, a column count other than the
 *   model's, or a NaN or infinite value (with its row and column).
 */
export function transform(model: PcaModel, matrix: Matrix): { data: Float32Array; shape: [number, number] } {
  const [rows, cols] = validateMatrix('transform', 'matrix', matrix);
  const [k, modelCols] = model.components.shape;
  if (cols !== modelCols) {
    throw new RangeError(
      `transform: matrix has ${cols} columns but the model was fitted on ${modelCols}; pass a matrix with ${modelCols} columns.`,
    );
  }
  rejectNonFinite('transform', 'matrix', matrix.data, cols);

  if (rows * cols * k < WASM_MIN_MULTIPLY_ADDS) {
    const projected = new Float32Array(rows * k);
    const centred = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++) centred[j] = matrix.data[r * cols + j]! - model.mean[j]!;
      for (let i = 0; i < k; i++) {
        let sum = 0;
        for (let j = 0; j < cols; j++) sum += centred[j]! * model.components.data[i * cols + j]!;
        projected[r * k + i] = sum;
      }
    }
    return { data: projected, shape: [rows, k] };
  }

  const context = ComputeContext.createSync({
    capacityBytes: matrixBytes(rows, cols) + matrixBytes(k, cols) + matrixBytes(rows, k),
    operation: 'transform',
  });
  const input = context.allocate(rows, cols);
  const axes = context.allocate(k, cols);
  const output = context.allocate(rows, k);
  const inputView = context.view(input, rows * cols);
  inputView.set(matrix.data);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) inputView[r * cols + j] = inputView[r * cols + j]! - model.mean[j]!;
  }
  context.view(axes, k * cols).set(model.components.data);

  context.gemmSync({
    m: rows,
    n: k,
    k: cols,
    a: input,
    aRow: cols,
    aK: 1,
    b: axes,
    bK: 1,
    bCol: cols,
    c: output,
    ldc: k,
    accumulate: false,
  });
  return { data: context.view(output, rows * k).slice(), shape: [rows, k] };
}

/**
 * Maps projected rows back to the original space: `projected * components + mean`. With all
 * components kept this inverts {@link transform} up to float32 rounding.
 *
 * @param model - A model from {@link fitPca}.
 * @param projected - Projections of shape `[rows, components]`.
 * @returns The reconstruction, shape `[rows, columns]`, row-major.
 * @throws TypeError or RangeError for a malformed matrix or a column count other than the
 *   model's component count.
 */
export function inverseTransform(model: PcaModel, projected: Matrix): { data: Float32Array; shape: [number, number] } {
  const [rows, k] = validateMatrix('inverseTransform', 'projected', projected);
  const [modelK, cols] = model.components.shape;
  if (k !== modelK) {
    throw new RangeError(
      `inverseTransform: projected has ${k} columns but the model has ${modelK} components; pass a matrix with ${modelK} columns.`,
    );
  }

  if (rows * cols * k < WASM_MIN_MULTIPLY_ADDS) {
    const restored = new Float32Array(rows * cols);
    const row = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < cols; j++) row[j] = model.mean[j]!;
      for (let i = 0; i < k; i++) {
        const weight = projected.data[r * k + i]!;
        for (let j = 0; j < cols; j++) row[j] += weight * model.components.data[i * cols + j]!;
      }
      restored.set(row, r * cols);
    }
    return { data: restored, shape: [rows, cols] };
  }

  const context = ComputeContext.createSync({
    capacityBytes: matrixBytes(rows, k) + matrixBytes(k, cols) + matrixBytes(rows, cols),
    operation: 'inverseTransform',
  });
  const input = context.allocate(rows, k);
  const axes = context.allocate(k, cols);
  const output = context.allocate(rows, cols);
  context.view(input, rows * k).set(projected.data);
  context.view(axes, k * cols).set(model.components.data);
  const outputView = context.view(output, rows * cols);
  for (let r = 0; r < rows; r++) outputView.set(model.mean, r * cols);

  context.gemmSync({
    m: rows,
    n: cols,
    k,
    a: input,
    aRow: k,
    aK: 1,
    b: axes,
    bK: cols,
    bCol: 1,
    c: output,
    ldc: cols,
    accumulate: true,
  });
  return { data: outputView.slice(), shape: [rows, cols] };
}
