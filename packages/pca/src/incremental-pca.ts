import { availableParallelism } from 'node:os';
import { centerInto, columnMeans } from './center.js';
import { ComputeContext, matrixBytes } from './kernel/compute-context.js';
import { buildModel } from './model.js';
import { solveTruncatedSvd, solverWorkspaceBytes } from './solve.js';
import type { FitPcaOptions, Matrix, PcaModel } from './types.js';
import { requireWholeNumber, resolveFitOptions, validateMatrix } from './validate.js';

/** Options of {@link IncrementalPca}: those of {@link fitPca} without progress reports. */
export type IncrementalPcaOptions = Omit<FitPcaOptions, 'onProgress'>;

const OPERATION = 'IncrementalPca.partialFit';

/**
 * PCA fitted one batch of rows at a time, for data that does not fit in memory at once, as
 * scikit-learn's `IncrementalPCA` (Ross et al., 2008). Each batch updates the column means and
 * the total variance exactly, and the components through the SVD of the previous components
 * scaled by their singular values, stacked over the centred batch and a mean-correction row.
 *
 * NOTE: with `method: 'auto'` that stacked matrix goes through the randomized solver when it is
 * large, as in {@link fitPca}, where scikit-learn always takes a full SVD. Pass
 * `method: 'exact'` for the full SVD, which costs O(n^3) in the smaller side of the stack.
 *
 * @example
 * const pca = new IncrementalPca({ components: 16 });
 * for (const batch of batches) await pca.partialFit(batch);
 * const model = pca.toModel();
 */
export class IncrementalPca {
  private mean: Float64Array | null = null;
  private sumOfSquares = 0;
  private seen = 0;
  private model: PcaModel | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * @param options - `components` (at most the rows of the first batch and the column count),
   *   and the solver settings of {@link fitPca}.
   * @throws RangeError when `components` is not a positive whole number.
   */
  constructor(private readonly options: IncrementalPcaOptions) {
    requireWholeNumber('IncrementalPca', 'components', options?.components, 1);
  }

  /** Rows fitted so far. */
  get samplesSeen(): number {
    return this.seen;
  }

  /**
   * Updates the model with a batch of rows. A call made before the previous one finished waits
   * for it, so batches apply in call order.
   *
   * @param batch - Rows of shape `[rows, columns]`, with the same column count for every batch.
   * @returns The model after this batch.
   * @throws TypeError or RangeError as {@link fitPca} does for the batch and the options, and
   *   RangeError when the column count differs from the first batch's.
   */
  partialFit(batch: Matrix): Promise<PcaModel> {
    const result = this.queue.then(() => this.fitBatch(batch));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Returns the model fitted so far.
   * @throws Error when no batch has been fitted.
   */
  toModel(): PcaModel {
    if (!this.model) throw new Error('IncrementalPca.toModel: no batch has been fitted yet; call partialFit first.');
    return this.model;
  }

  private async fitBatch(batch: Matrix): Promise<PcaModel> {
    const [rows, cols] = validateMatrix(OPERATION, 'batch', batch);
    if (this.mean && cols !== this.mean.length) {
      throw new RangeError(
        `${OPERATION}: batch has ${cols} columns but earlier batches had ${this.mean.length}; pass batches with ${this.mean.length} columns.`,
      );
    }
    const batchMean = columnMeans(OPERATION, batch.data, rows, cols);
    const prior = this.model;
    const priorRows = prior ? prior.singularValues.length + 1 : 0;
    const stackedRows = priorRows + rows;
    const resolved = resolveFitOptions(OPERATION, this.options, stackedRows, cols, availableParallelism());

    const context = await ComputeContext.create({
      capacityBytes: matrixBytes(stackedRows, cols) + solverWorkspaceBytes(stackedRows, cols, resolved),
      threads: resolved.threads,
      operation: OPERATION,
    });
    let batchSumOfSquares: number;
    let svd;
    try {
      const stacked = context.allocate(stackedRows, cols);
      const values = context.view(stacked, stackedRows * cols);
      if (prior && this.mean) writePriorRows(values, prior, this.mean, batchMean, this.seen, rows);
      batchSumOfSquares = centerInto(values, priorRows * cols, batch.data, rows, cols, batchMean);
      svd = await solveTruncatedSvd(context, stacked, stackedRows, cols, resolved);
    } finally {
      context.dispose();
    }

    // Chan et al.'s pairwise update of the mean and the sum of squared deviations.
    const total = this.seen + rows;
    const mean = new Float64Array(cols);
    let correction = 0;
    for (let col = 0; col < cols; col++) {
      const previous = this.mean ? this.mean[col]! : 0;
      const delta = batchMean[col]! - previous;
      mean[col] = previous + (delta * rows) / total;
      correction += delta * delta;
    }
    this.sumOfSquares += batchSumOfSquares + (correction * this.seen * rows) / total;
    this.mean = mean;
    this.seen = total;
    this.model = buildModel(svd, mean, total, cols, resolved.method, this.sumOfSquares);
    return this.model;
  }
}

/**
 * Writes the rows that carry the earlier batches: each component times its singular value,
 * then the mean-correction row sqrt(seen * rows / total) * (previous mean - batch mean).
 */
function writePriorRows(
  values: Float32Array,
  prior: PcaModel,
  previousMean: Float64Array,
  batchMean: Float64Array,
  seen: number,
  rows: number,
): void {
  const [k, cols] = prior.components.shape;
  for (let i = 0; i < k; i++) {
    const scale = prior.singularValues[i]!;
    for (let col = 0; col < cols; col++) values[i * cols + col] = scale * prior.components.data[i * cols + col]!;
  }
  const weight = Math.sqrt((seen * rows) / (seen + rows));
  for (let col = 0; col < cols; col++) values[k * cols + col] = weight * (previousMean[col]! - batchMean[col]!);
}
