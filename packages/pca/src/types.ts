/** A dense row-major float32 matrix: element (i, j) is `data[i * shape[1] + j]`. */
export interface Matrix {
  /** Row-major values, `shape[0] * shape[1]` of them. */
  data: Float32Array;
  /** `[rows, columns]`. */
  shape: readonly number[];
}

/** A fitted PCA model, shaped like scikit-learn's `PCA` attributes. */
export interface PcaModel {
  /** Column means of the training matrix, one per column (`mean_`). */
  mean: Float32Array;
  /**
   * Principal axes, shape `[components, columns]`: unit rows sorted by decreasing explained
   * variance (`components_`). Each row is flipped so that its largest-magnitude loading is
   * positive (the first such loading on ties).
   */
  components: { data: Float32Array; shape: [number, number] };
  /** Singular values of the centred training matrix, one per component (`singular_values_`). */
  singularValues: Float64Array;
  /** Variance along each component: `singularValues ** 2 / (rows - 1)` (`explained_variance_`). */
  explainedVariance: Float64Array;
  /**
   * Each component's share of the total variance of all columns, not only of the kept
   * components (`explained_variance_ratio_`). All zero when the total variance is zero.
   */
  explainedVarianceRatio: Float64Array;
  /** Sum of the column variances of the training matrix (divisor `rows - 1`). */
  totalVariance: number;
  /** The solver that produced the model. */
  method: 'exact' | 'randomized';
}

/** Solver choice of {@link fitPca}. */
export type PcaMethod = 'auto' | 'exact' | 'randomized';

/** Receives the name of the running stage and its completed fraction in [0, 1]. */
export type PcaProgressCallback = (stage: string, fraction: number) => void;

/** Options of {@link fitPca}. */
export interface FitPcaOptions {
  /** Number of principal components to keep, from 1 to `min(rows, columns)`. */
  components: number;
  /**
   * `'randomized'`: randomized SVD (Halko et al.). `'exact'`: a full decomposition.
   * `'auto'` picks randomized when `max(rows, columns) > 500` and
   * `components < 0.8 * min(rows, columns)`, as scikit-learn does.
   * @default 'auto'
   */
  method?: PcaMethod;
  /** Seed of the random test matrix of the randomized solver. @default 0 */
  seed?: number;
  /**
   * Power iterations of the randomized solver.
   * @default 7 when components < 0.1 * min(rows, columns), else 4 (scikit-learn's rule)
   */
  powerIterations?: number;
  /** Extra random directions sampled by the randomized solver. @default 10 */
  oversamples?: number;
  /**
   * Worker threads that run the large matrix products. The calling thread runs the small steps
   * between them and its event loop stays free during the products. Results do not depend on it.
   * @default os.availableParallelism()
   */
  threads?: number;
  /** Called as stages progress; stages are `'center'`, `'range'`, `'gram'` and `'eigen'`. */
  onProgress?: PcaProgressCallback;
}
