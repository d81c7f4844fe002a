import { finishComponents } from './components.js';
import type { TruncatedSvd } from './randomized-svd.js';
import type { PcaModel } from './types.js';

/**
 * Assembles a {@link PcaModel} from a truncated SVD of the centred data: unit components with
 * the sign rule applied, variances with divisor `rows - 1` (1 for a single row), and ratios over
 * `sumOfSquares`, the sum of squared centred values.
 */
export function buildModel(
  svd: TruncatedSvd,
  mean: Float64Array,
  rows: number,
  cols: number,
  method: PcaModel['method'],
  sumOfSquares: number,
): PcaModel {
  const k = svd.singularValues.length;
  const divisor = Math.max(rows - 1, 1);
  const totalVariance = sumOfSquares / divisor;
  const explainedVariance = svd.singularValues.map((value) => (value * value) / divisor);
  // NOTE: scikit-learn divides by zero here for constant data and reports NaN ratios; zeros are more useful downstream.
  const explainedVarianceRatio = explainedVariance.map((value) => (totalVariance > 0 ? value / totalVariance : 0));

  return {
    mean: Float32Array.from(mean),
    components: { data: finishComponents(svd.scaledAxes, k, cols), shape: [k, cols] },
    singularValues: svd.singularValues,
    explainedVariance,
    explainedVarianceRatio,
    totalVariance,
    method,
  };
}
