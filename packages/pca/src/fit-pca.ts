import { availableParallelism } from 'node:os';
import { centerInto, columnMeans } from './center.js';
import { centerScratchBytes, copyAndCenter } from './kernel/parallel-center.js';
import { ML_PCA_MAX_VALUES, exactSvdWithMlPca } from './exact-pca.js';
import { ComputeContext, type GemmKernel, matrixBytes } from './kernel/compute-context.js';
import { buildModel } from './model.js';
import type { TruncatedSvd } from './randomized-svd.js';
import { solveTruncatedSvd, solverWorkspaceBytes } from './solve.js';
import type { FitPcaOptions, Matrix, PcaModel } from './types.js';
import { resolveFitOptions, validateMatrix } from './validate.js';

/** Options that tests use to force an implementation; not part of the public API. */
export interface InternalFitOptions {
  /** Force the plain JavaScript products. */
  kernel?: GemmKernel;
  /** Use the Gram route even where ml-pca would be used. */
  skipMlPca?: boolean;
}

/**
 * Fits PCA to a float32 matrix: centres the columns, then keeps the `components` directions of
 * largest variance. Matches scikit-learn's `PCA(n_components, svd_solver=...)` attributes.
 *
 * @param matrix - Training data, shape `[rows, columns]`, row-major; one sample per row.
 * @param options - `components` (required), solver choice and its settings; see {@link FitPcaOptions}.
 * @returns The fitted model; the same input and options give bit-identical arrays.
 * @throws TypeError when `matrix.data` is not a Float32Array or the shape is malformed.
 * @throws RangeError for zero rows or columns, a data length that does not match the shape,
 *   `components` outside 1..min(rows, columns), an unknown method or invalid numeric options.
 * @throws RangeError for a NaN or infinite value, naming its row and column.
 * @throws RangeError when the matrix does not fit in the 4 GiB of wasm32 memory.
 */
export async function fitPca(matrix: Matrix, options: FitPcaOptions): Promise<PcaModel> {
  return fitPcaWith(matrix, options, {});
}

/** {@link fitPca} with internal switches for tests. */
export async function fitPcaWith(matrix: Matrix, options: FitPcaOptions, internal: InternalFitOptions): Promise<PcaModel> {
  const [rows, cols] = validateMatrix('fitPca', 'matrix', matrix);
  const resolved = resolveFitOptions('fitPca', options, rows, cols, availableParallelism());
  const { onProgress } = options;

  onProgress?.('center', 0);
  let svd: TruncatedSvd;
  let mean: Float64Array;
  let sumOfSquares: number;
  const useMlPca = resolved.method === 'exact' && rows * cols <= ML_PCA_MAX_VALUES && rows > 1 && !internal.skipMlPca;
  if (useMlPca) {
    mean = columnMeans('fitPca', matrix.data, rows, cols);
    sumOfSquares = centerInto(new Float32Array(rows * cols), 0, matrix.data, rows, cols, mean);
    onProgress?.('center', 1);
    svd = exactSvdWithMlPca(matrix.data, rows, cols, resolved.components);
  } else {
    const context = await ComputeContext.create({
      capacityBytes:
        matrixBytes(rows, cols) + centerScratchBytes(cols, resolved.threads) + solverWorkspaceBytes(rows, cols, resolved),
      threads: resolved.threads,
      kernel: internal.kernel,
      operation: 'fitPca',
    });
    try {
      const centred = context.allocate(rows, cols);
      ({ mean, sumOfSquares } = await copyAndCenter(context, centred, matrix.data, rows, cols, 'fitPca'));
      onProgress?.('center', 1);
      svd = await solveTruncatedSvd(context, centred, rows, cols, resolved, onProgress);
    } finally {
      context.dispose();
    }
  }

  return buildModel(svd, mean, rows, cols, resolved.method, sumOfSquares);
}
