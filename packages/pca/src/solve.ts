import { exactSvdWithGram } from './exact-pca.js';
import { type ComputeContext, matrixBytes } from './kernel/compute-context.js';
import { type TruncatedSvd, randomizedSvd } from './randomized-svd.js';
import type { PcaProgressCallback } from './types.js';
import type { ResolvedFitOptions } from './validate.js';

/** Bytes of matrices that the chosen solver allocates besides its rows x cols input. */
export function solverWorkspaceBytes(rows: number, cols: number, options: ResolvedFitOptions): number {
  if (options.method === 'randomized') {
    const width = Math.min(options.components + options.oversamples, rows, cols);
    return 2 * matrixBytes(rows, width) + 2 * matrixBytes(cols, width) + 2 * matrixBytes(width, width);
  }
  const side = Math.min(rows, cols);
  return matrixBytes(side, side) + matrixBytes(rows, options.components) + matrixBytes(cols, options.components);
}

/**
 * Computes the truncated SVD of a rows x cols matrix at byte offset `matrix` in the context
 * (already centred where centring applies) with the resolved method.
 */
export function solveTruncatedSvd(
  context: ComputeContext,
  matrix: number,
  rows: number,
  cols: number,
  options: ResolvedFitOptions,
  onProgress?: PcaProgressCallback,
): Promise<TruncatedSvd> {
  const input = { context, matrix, rows, cols, components: options.components, onProgress };
  return options.method === 'randomized' ? randomizedSvd({ ...input, ...options }) : exactSvdWithGram(input);
}
