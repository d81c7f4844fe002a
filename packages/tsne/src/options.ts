import type { Matrix2D } from './types.js';
import { checkChoice, checkInteger, checkNumber, describe } from './validate.js';

/** Progress of {@link tsne}, passed to `onProgress`. */
export interface TsneProgress {
  /** `'affinities'`: the neighbour search and perplexity calibration; `'optimize'`: gradient descent. */
  stage: 'affinities' | 'optimize';
  /** Iterations completed: 0 during `'affinities'`. */
  iteration: number;
  /** Total iterations requested. */
  iterations: number;
  /**
   * KL(P || Q) in nats of the layout as this iteration found it (before its step), with the
   * plain P even during exaggeration. Present every 50 iterations.
   */
  klDivergence?: number;
}

/** Options of {@link tsne}. */
export interface TsneOptions {
  /** Dimensions of the layout. @default 2 */
  dimensions?: 2 | 3;
  /** Effective number of neighbours; must be below `(n - 1) / 3`. @default 30 */
  perplexity?: number;
  /** Gradient descent iterations, early exaggeration included. @default 1000 */
  iterations?: number;
  /** Step size, or `'auto'` for `max(200, n / earlyExaggeration)`. @default 'auto' */
  learningRate?: number | 'auto';
  /** Factor on P during the first `exaggerationIterations`. @default 12 */
  earlyExaggeration?: number;
  /** Iterations with exaggerated P and momentum 0.5. @default 250 */
  exaggerationIterations?: number;
  /**
   * Repulsive-force approximation. `'barnes-hut'`: a quadtree (2-D) or octree (3-D) with
   * `theta`. `'fft'` (2-D only): FFT-accelerated interpolation on a grid with at most 1/3
   * between nodes, whose cost grows with the square of the layout's extent but not with n.
   * `'auto'`: at each iteration, whichever of the two a cost model predicts to be faster.
   * For 10,000 points that is FFT while the layout spans less than about 40 units (early
   * exaggeration), then Barnes-Hut. In 3-D, `'auto'` is Barnes-Hut.
   * @default 'auto'
   */
  method?: 'auto' | 'fft' | 'barnes-hut';
  /** Barnes-Hut accuracy: a cell is summarised when its side is below `theta` times its distance. @default 0.5 */
  theta?: number;
  /** Seed of the random initialisation and of the PCA start vectors. @default 0 */
  seed?: number;
  /**
   * Starting layout: `'random'` (normal, standard deviation 1e-4), `'pca'` (first principal
   * components scaled to standard deviation 1e-4) or an `n x dimensions` row-major array used as is.
   * @default 'random'
   */
  init?: 'random' | 'pca' | Float32Array;
  /**
   * Threads for the neighbour search, the attractive forces and Barnes-Hut: this one plus
   * `threads - 1` worker threads. The result does not depend on it.
   * @default min(8, os.availableParallelism())
   */
  threads?: number;
  /** Called once when affinities start and after every iteration; returning `false` stops early. */
  onProgress?: (progress: TsneProgress) => boolean | void;
}

/** Result of {@link tsne}. */
export interface TsneResult {
  /** The layout, `[n, dimensions]`, centred on the origin. */
  embedding: Matrix2D;
  /** KL(P || Q) of the returned layout in nats. */
  klDivergence: number;
  /** Iterations completed: fewer than requested when `onProgress` stopped the run. */
  iterations: number;
}

/** Resolved settings; see the defaults in {@link TsneOptions}. */
export interface TsneSettings {
  dims: 2 | 3;
  perplexity: number;
  iterations: number;
  learningRate: number;
  earlyExaggeration: number;
  exaggerationIterations: number;
  method: 'auto' | 'fft' | 'barnes-hut';
  theta: number;
  seed: number;
  init: 'random' | 'pca' | Float32Array;
  threads: number;
}

const OPERATION = 'tsne';

/**
 * Checks every option and fills in the defaults.
 *
 * @param n - Number of input rows.
 * @param defaultThreads - Thread count used when `options.threads` is missing.
 * @throws TypeError or RangeError naming the first invalid option and the value received.
 */
export function resolveSettings(options: TsneOptions, n: number, defaultThreads: number): TsneSettings {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${OPERATION}: options must be an object; received ${describe(options)}.`);
  }
  const {
    dimensions = 2,
    perplexity = 30,
    iterations = 1000,
    learningRate = 'auto',
    earlyExaggeration = 12,
    exaggerationIterations = 250,
    theta = 0.5,
    seed = 0,
    init = 'random',
    threads = defaultThreads,
    onProgress,
  } = options;

  const dims = checkChoice(OPERATION, 'options.dimensions', dimensions, [2, 3] as const);
  const method = checkChoice(OPERATION, 'options.method', options.method ?? 'auto', ['auto', 'fft', 'barnes-hut'] as const);
  if (method === 'fft' && dims === 3) {
    throw new RangeError(
      `${OPERATION}: options.method 'fft' supports 2 dimensions only; received dimensions 3. ` +
        "Use method 'auto' or 'barnes-hut' for 3-D layouts.",
    );
  }

  if (n < 2) {
    throw new RangeError(`${OPERATION}: data must have at least 2 rows; received ${n}.`);
  }
  checkNumber(OPERATION, 'options.perplexity', perplexity, 0, false);
  const limit = (n - 1) / 3;
  if (perplexity >= limit) {
    throw new RangeError(
      `${OPERATION}: options.perplexity must be below (n - 1) / 3 = ${formatLimit(limit)} for ${n} rows, ` +
        `because each row needs 3 * perplexity neighbours; received ${perplexity}. ` +
        'Use a smaller perplexity or more rows.',
    );
  }

  checkInteger(OPERATION, 'options.iterations', iterations, 0);
  const rate =
    learningRate === 'auto'
      ? Math.max(200, n / checkNumber(OPERATION, 'options.earlyExaggeration', earlyExaggeration, 0, false))
      : checkLearningRate(learningRate);
  checkNumber(OPERATION, 'options.earlyExaggeration', earlyExaggeration, 0, false);
  checkInteger(OPERATION, 'options.exaggerationIterations', exaggerationIterations, 0);
  checkNumber(OPERATION, 'options.theta', theta, 0, true);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new RangeError(`${OPERATION}: options.seed must be a finite number; received ${describe(seed)}.`);
  }
  if (init !== 'random' && init !== 'pca') checkInit(init, n, dims);
  checkInteger(OPERATION, 'options.threads', threads, 1);
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TypeError(`${OPERATION}: options.onProgress must be a function; received ${describe(onProgress)}.`);
  }

  return {
    dims,
    perplexity,
    iterations,
    learningRate: rate,
    earlyExaggeration,
    exaggerationIterations,
    method,
    theta,
    seed,
    init,
    threads,
  };
}

function checkLearningRate(learningRate: unknown): number {
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0) {
    throw new RangeError(
      `${OPERATION}: options.learningRate must be 'auto' or a finite number > 0; received ${describe(learningRate)}.`,
    );
  }
  return learningRate;
}

function checkInit(init: unknown, n: number, dims: number): void {
  if (!(init instanceof Float32Array)) {
    throw new TypeError(
      `${OPERATION}: options.init must be 'random', 'pca' or a Float32Array of n * dimensions values; received ${describe(init)}.`,
    );
  }
  if (init.length !== n * dims) {
    throw new RangeError(
      `${OPERATION}: options.init must have n * dimensions = ${n} * ${dims} = ${n * dims} values; received ${init.length}.`,
    );
  }
  for (let k = 0; k < init.length; k++) {
    if (!Number.isFinite(init[k])) {
      throw new RangeError(
        `${OPERATION}: options.init contains ${init[k]} at row ${Math.floor(k / dims)}, column ${k % dims}; all values must be finite.`,
      );
    }
  }
}

function formatLimit(limit: number): string {
  return Number.isInteger(limit) ? String(limit) : limit.toFixed(2);
}
