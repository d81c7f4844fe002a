import type { Affinities } from './affinities.js';
import { attractiveRange } from './attractive.js';
import { barnesHutRepulsion } from './barnes-hut.js';
import { chooseGrid, createFftWorkspace, fftRepulsion2d } from './fft-repulsion.js';
import { GradientPool } from './gradient-workers.js';
import type { SpaceTree } from './space-tree.js';

/** Approximation of the repulsive forces; see `TsneOptions.method`. */
export type RepulsionMethod = 'auto' | 'fft' | 'barnes-hut';

// Cost models of one repulsion step on one thread, in milliseconds, fitted to timings on a
// 2-core x86-64 machine with Node 20. There, Barnes-Hut (theta 0.5) took about 17 ms for
// 10,000 points and the FFT path about 4.5 ms on a 256 x 256 grid. Only the ratio of the two
// models matters, and it decides speed, not results.
const BARNES_HUT_MS_PER_POINT_LOG = 1.3e-4;
/** Minimum rows per thread for starting worker threads; with fewer rows, one thread is faster. */
const MIN_ROWS_PER_THREAD = 512;
const FFT_MS_PER_CELL_LOG = 8.6e-6;

/** Computes the t-SNE gradient of an embedding that it owns. */
export interface GradientEvaluator {
  /** The `n x dims` embedding, row-major; in shared memory when worker threads are used. */
  embedding: Float64Array;
  /**
   * Writes the gradient of KL(P || Q) (without the factor 4) with P multiplied by
   * `exaggeration` into `gradient`, and returns the normalisation Z.
   */
  evaluate(exaggeration: number, gradient: Float64Array): Promise<number>;
  /** Stops the worker threads, if any. */
  close(): Promise<void>;
}

/**
 * Creates a gradient evaluator for `affinities`, starting from a copy of `init`. With
 * `threads > 1`, worker threads share the attractive and Barnes-Hut work; the FFT path runs
 * on the calling thread. Results are the same for every thread count.
 */
export async function createGradientEvaluator(
  affinities: Affinities,
  init: Float64Array,
  settings: { dims: 2 | 3; method: RepulsionMethod; theta: number; threads: number },
): Promise<GradientEvaluator> {
  const { dims, method, theta, threads } = settings;
  const { n } = affinities;
  const workspace = createFftWorkspace();
  const workerThreads = Math.min(threads, Math.floor(n / MIN_ROWS_PER_THREAD));

  const pool = workerThreads > 1 ? await GradientPool.create(affinities, init, dims, theta, workerThreads) : undefined;
  const embedding = pool?.embedding ?? Float64Array.from(init);
  const attractive = pool?.attractive ?? new Float64Array(n * dims);
  const repulsion = pool?.repulsion ?? new Float64Array(n * dims);
  const pointSums = pool?.pointSums ?? new Float64Array(n);
  let tree: SpaceTree | undefined;

  const evaluate = async (exaggeration: number, gradient: Float64Array): Promise<number> => {
    const useFft = method === 'fft' || (method === 'auto' && dims === 2 && fftIsCheaper(chooseGrid(embedding, n).size, n));

    if (pool !== undefined) {
      await pool.run(!useFft);
    } else {
      attractiveRange(affinities.rowStart, affinities.columns, affinities.values, embedding, dims, 0, n, attractive);
      if (!useFft) tree = barnesHutRepulsion(embedding, n, dims, theta, repulsion, pointSums, tree);
    }

    let normalization = 0;
    if (useFft) {
      normalization = fftRepulsion2d(embedding, n, repulsion, workspace);
    } else {
      for (let i = 0; i < n; i++) normalization += pointSums[i];
    }

    for (let k = 0; k < n * dims; k++) gradient[k] = exaggeration * attractive[k] - repulsion[k] / normalization;
    return normalization;
  };

  return { embedding, evaluate, close: async () => pool?.close() };
}

/**
 * Tells whether an FFT step on a `size x size` grid is predicted to be faster than a
 * Barnes-Hut step for `n` points. The thread count is left out on purpose, so that the
 * choice, and with it the result, does not depend on it.
 */
function fftIsCheaper(size: number, n: number): boolean {
  const fftCost = FFT_MS_PER_CELL_LOG * size * size * Math.log2(size);
  const barnesHutCost = BARNES_HUT_MS_PER_POINT_LOG * n * Math.log2(n);
  return fftCost < barnesHutCost;
}
