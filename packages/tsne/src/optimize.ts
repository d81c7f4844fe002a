import type { Affinities } from './affinities.js';
import { klDivergence } from './attractive.js';
import { createGradientEvaluator, type GradientEvaluator, type RepulsionMethod } from './gradient.js';

/** Settings of {@link optimizeEmbedding}, already validated. */
export interface OptimizeSettings {
  dims: 2 | 3;
  iterations: number;
  learningRate: number;
  earlyExaggeration: number;
  exaggerationIterations: number;
  method: RepulsionMethod;
  theta: number;
  threads: number;
  /** Called after every iteration with the KL divergence every 50 iterations; `false` stops. */
  onIteration: (iteration: number, klDivergence: number | undefined) => boolean;
}

/** Iterations between two evaluations of the KL divergence. */
export const KL_INTERVAL = 50;
const MOMENTUM_EARLY = 0.5;
const MOMENTUM_LATE = 0.8;
const MIN_GAIN = 0.01;
/** Iterations between two returns to the event loop. */
const YIELD_INTERVAL = 25;

/**
 * Minimises KL(P || Q) by gradient descent with momentum and per-coordinate gains
 * (delta-bar-delta), as in scikit-learn and openTSNE: momentum 0.5 and P multiplied by
 * `earlyExaggeration` for the first `exaggerationIterations`, then momentum 0.8. The momentum
 * and gains restart when exaggeration ends. The embedding is moved to zero mean after each step.
 *
 * NOTE: the gradient has no factor 4 (as in openTSNE and FIt-SNE), so a learning rate of
 * `n / 12` here matches scikit-learn's `n / 12 / 4`.
 *
 * @param init - `n x dims` starting positions, row-major.
 * @returns The final embedding, the iterations completed and the embedding's KL divergence.
 */
export async function optimizeEmbedding(
  affinities: Affinities,
  init: Float64Array,
  settings: OptimizeSettings,
): Promise<{ embedding: Float64Array; iterations: number; klDivergence: number }> {
  const evaluator = await createGradientEvaluator(affinities, init, settings);
  try {
    return await descend(affinities, evaluator, settings);
  } finally {
    await evaluator.close();
  }
}

/** Runs the iterations of {@link optimizeEmbedding}. */
async function descend(
  affinities: Affinities,
  evaluator: GradientEvaluator,
  settings: OptimizeSettings,
): Promise<{ embedding: Float64Array; iterations: number; klDivergence: number }> {
  const { dims, iterations, learningRate, earlyExaggeration, exaggerationIterations } = settings;
  const { n } = affinities;
  const { embedding } = evaluator;
  const evaluate = evaluator.evaluate;
  const gradient = new Float64Array(n * dims);
  const update = new Float64Array(n * dims);
  const gains = new Float64Array(n * dims).fill(1);

  let completed = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const exaggerated = iteration < exaggerationIterations;
    if (iteration === exaggerationIterations && iteration > 0) {
      update.fill(0);
      gains.fill(1);
    }

    const normalization = await evaluate(exaggerated ? earlyExaggeration : 1, gradient);
    const reportKl = (iteration + 1) % KL_INTERVAL === 0;
    const kl = reportKl ? klDivergence(affinities, embedding, dims, normalization) : undefined;

    const momentum = exaggerated ? MOMENTUM_EARLY : MOMENTUM_LATE;
    for (let k = 0; k < n * dims; k++) {
      const g = gradient[k];
      gains[k] = Math.sign(g) !== Math.sign(update[k]) ? gains[k] + 0.2 : Math.max(gains[k] * 0.8, MIN_GAIN);
      update[k] = momentum * update[k] - learningRate * gains[k] * g;
      embedding[k] += update[k];
    }
    center(embedding, n, dims);

    completed = iteration + 1;
    if (settings.onIteration(completed, kl) === false) break;
    if (completed % YIELD_INTERVAL === 0) await new Promise((resolve) => setImmediate(resolve));
  }

  const normalization = await evaluate(1, gradient);
  return { embedding, iterations: completed, klDivergence: klDivergence(affinities, embedding, dims, normalization) };
}

/** Subtracts the mean of every coordinate. */
function center(embedding: Float64Array, n: number, dims: number): void {
  for (let c = 0; c < dims; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += embedding[i * dims + c];
    mean /= n;
    for (let i = 0; i < n; i++) embedding[i * dims + c] -= mean;
  }
}
