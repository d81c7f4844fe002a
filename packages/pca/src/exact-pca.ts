import { Matrix } from 'ml-matrix';
import { PCA } from 'ml-pca';
import type { ComputeContext } from './kernel/compute-context.js';
import { symmetricEigen } from './linalg/symmetric-eigen.js';
import type { TruncatedSvd } from './randomized-svd.js';
import type { PcaProgressCallback } from './types.js';

/**
 * Largest rows * cols handed to ml-pca, whose float64 SVD is the more accurate route. Above it
 * the Gram route is much faster. Measured on a 2-core x86-64 machine with Node 20, 500 x 200
 * took 260 ms with ml-pca and 60 ms by Gram, and 400 x 500 took 1.2 s and 0.46 s.
 */
export const ML_PCA_MAX_VALUES = 1e5;

/**
 * Exact PCA by ml-pca (SVD of the centred matrix in float64) for a small matrix. Returns the
 * top `components` singular values and right singular vectors scaled by them.
 */
export function exactSvdWithMlPca(data: Float32Array, rows: number, cols: number, components: number): TruncatedSvd {
  const pca = new PCA(Matrix.from1DArray(rows, cols, data), { method: 'SVD', center: true, scale: false });
  const variances = pca.getEigenvalues();
  const eigenvectors = pca.getEigenvectors();

  const singularValues = new Float64Array(components);
  const scaledAxes = new Float64Array(components * cols);
  for (let i = 0; i < components; i++) {
    singularValues[i] = Math.sqrt(Math.max(variances[i] ?? 0, 0) * Math.max(rows - 1, 1));
    if (i >= eigenvectors.columns) continue;
    for (let j = 0; j < cols; j++) scaledAxes[i * cols + j] = eigenvectors.get(j, i) * singularValues[i]!;
  }
  return { singularValues, scaledAxes };
}

/** Input of {@link exactSvdWithGram}: a centred rows x cols matrix already in the context. */
export interface GramSvdInput {
  context: ComputeContext;
  matrix: number;
  rows: number;
  cols: number;
  components: number;
  onProgress?: PcaProgressCallback;
}

/**
 * Exact PCA through the Gram matrix of the smaller side: X^T X (cols x cols) when
 * cols <= rows, else X X^T (rows x rows), formed by the fast kernel in float32 and decomposed
 * in float64. Eigenvalues are the squared singular values.
 *
 * NOTE: the eigensolver is a dense O(n^3) one in JavaScript (2.6 s for n = 1,024 on the test
 * machine), so a Gram side of 4,096 takes minutes. The randomized method is the fast path there.
 */
export async function exactSvdWithGram(input: GramSvdInput): Promise<TruncatedSvd> {
  const { context, matrix, rows, cols, components, onProgress } = input;
  const side = Math.min(rows, cols);
  const gramPointer = context.allocate(side, side);

  onProgress?.('gram', 0);
  if (cols <= rows) {
    await context.gemm({
      m: cols,
      n: cols,
      k: rows,
      a: matrix,
      aRow: 1,
      aK: cols,
      b: matrix,
      bK: cols,
      bCol: 1,
      c: gramPointer,
      ldc: cols,
      accumulate: false,
    });
  } else {
    await context.gemm({
      m: rows,
      n: rows,
      k: cols,
      a: matrix,
      aRow: cols,
      aK: 1,
      b: matrix,
      bK: 1,
      bCol: cols,
      c: gramPointer,
      ldc: rows,
      accumulate: false,
    });
  }
  onProgress?.('gram', 1);

  onProgress?.('eigen', 0);
  const eigen = symmetricEigen(Float64Array.from(context.view(gramPointer, side * side)), side, components);
  onProgress?.('eigen', 1);
  const singularValues = eigen.values.map((value) => Math.sqrt(Math.max(value, 0)));

  if (cols <= rows) {
    const scaledAxes = new Float64Array(components * cols);
    for (let i = 0; i < components * cols; i++) scaledAxes[i] = eigen.vectors[i]! * singularValues[Math.floor(i / cols)]!;
    return { singularValues, scaledAxes };
  }

  // Right singular vectors times singular values: V_i * s_i = X^T U_i.
  const leftVectors = context.allocate(rows, components);
  const axes = context.allocate(cols, components);
  const left = context.view(leftVectors, rows * components);
  for (let i = 0; i < components; i++) {
    for (let r = 0; r < rows; r++) left[r * components + i] = eigen.vectors[i * rows + r]!;
  }
  await context.gemm({
    m: cols,
    n: components,
    k: rows,
    a: matrix,
    aRow: 1,
    aK: cols,
    b: leftVectors,
    bK: components,
    bCol: 1,
    c: axes,
    ldc: components,
    accumulate: false,
  });

  const axesView = context.view(axes, cols * components);
  const scaledAxes = new Float64Array(components * cols);
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < components; i++) scaledAxes[i * cols + j] = axesView[j * components + i]!;
  }
  return { singularValues, scaledAxes };
}
