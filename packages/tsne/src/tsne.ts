import { conditionalProbabilities, jointProbabilities } from './affinities.js';
import { pcaInitialization, randomInitialization } from './initialization.js';
import { nearestNeighborsParallel } from './knn.js';
import { optimizeEmbedding } from './optimize.js';
import { resolveSettings, type TsneOptions, type TsneResult } from './options.js';
import type { Matrix } from './types.js';
import { checkMatrix } from './validate.js';

const MAX_DEFAULT_THREADS = 8;

/**
 * Embeds the rows of a matrix in 2 or 3 dimensions with t-SNE (van der Maaten and Hinton, 2008).
 *
 * Steps: the exact `floor(3 * perplexity + 1)` nearest neighbours of every row (squared
 * Euclidean distance, brute force on `threads` threads); Gaussian affinities calibrated to
 * `perplexity` by bisection and symmetrised into a sparse P; then gradient descent on
 * KL(P || Q) with early exaggeration, momentum and gains as in openTSNE and scikit-learn. The
 * repulsive forces use FFT-accelerated interpolation (FIt-SNE) in 2-D and Barnes-Hut in 3-D.
 *
 * The same data, options and `seed` give the same embedding bit for bit on the same platform,
 * whatever `threads` is: each row's neighbours are computed the same way on any thread, and
 * the optimisation runs on the calling thread.
 *
 * @param data - `[n, d]` float32 matrix, one point per row; values must be finite.
 * @param options - See {@link TsneOptions}.
 * @returns The `[n, dimensions]` embedding, its KL divergence and the iterations completed.
 * @throws TypeError or RangeError when `data` is not a finite `[n, d]` matrix with `n >= 2`,
 *   when `perplexity` is not below `(n - 1) / 3`, or when an option is invalid. The message
 *   names the option, the rule and the value received.
 */
export async function tsne(data: Matrix, options: TsneOptions = {}): Promise<TsneResult> {
  const [n, d] = checkMatrix('tsne', 'data', data);
  const { availableParallelism } = await import('node:os');
  // The default stops at 8 threads: each neighbour-search thread keeps heaps of n * k entries.
  const settings = resolveSettings(options, n, Math.min(MAX_DEFAULT_THREADS, availableParallelism()));
  const { dims, iterations, perplexity, threads, init, seed } = settings;
  const report = options.onProgress ?? (() => undefined);

  const toResult = (embedding: Float64Array, completed: number, klDivergence: number): TsneResult => ({
    embedding: { data: Float32Array.from(embedding), shape: [n, dims] },
    klDivergence,
    iterations: completed,
  });

  const start =
    init === 'random'
      ? randomInitialization(n, dims, seed)
      : init === 'pca'
        ? pcaInitialization(data.data, n, d, dims, seed)
        : Float64Array.from(init);

  if (report({ stage: 'affinities', iteration: 0, iterations }) === false) {
    return toResult(start, 0, NaN);
  }
  const k = Math.min(n - 1, Math.floor(3 * perplexity + 1));
  const neighbors = await nearestNeighborsParallel(data.data, n, d, k, threads);
  const affinities = jointProbabilities(neighbors, conditionalProbabilities(neighbors, perplexity));

  const result = await optimizeEmbedding(affinities, start, {
    ...settings,
    onIteration: (iteration, klDivergence) =>
      report({ stage: 'optimize', iteration, iterations, ...(klDivergence === undefined ? {} : { klDivergence }) }) !== false,
  });
  return toResult(result.embedding, result.iterations, result.klDivergence);
}
