import { describe, expect, it } from 'vitest';

import { knnLabelAgreement, tsne, type TsneProgress } from '../src/index.js';
import { gaussianMixture, meanSilhouette } from './helpers.js';

// 5 clusters x 200 points in 50-D; centres about 3 standard deviations of the noise apart
// per coordinate, so the clusters are separable but not trivially far apart.
const mixture = gaussianMixture(5, 200, 50, 1, 7);
const small = gaussianMixture(4, 60, 20, 1, 11);

describe(tsne, () => {
  it('separates a 5-cluster Gaussian mixture in 2-D', async () => {
    const progress: TsneProgress[] = [];
    const result = await tsne(mixture.points, { seed: 1, onProgress: (p) => void progress.push(p) });

    expect(result.embedding.shape).toEqual([1000, 2]);
    expect(result.iterations).toBe(1000);
    expect(knnLabelAgreement(mixture.points, mixture.labels)).toBeGreaterThan(0.97);
    expect(knnLabelAgreement(result.embedding, mixture.labels)).toBeGreaterThan(0.97);
    expect(meanSilhouette(result.embedding, mixture.labels)).toBeGreaterThan(0.6);
    expect(progress[0]).toEqual({ stage: 'affinities', iteration: 0, iterations: 1000 });
    expect(progress.at(-1)?.iteration).toBe(1000);
  });

  it('lowers the KL divergence after early exaggeration', async () => {
    const reported = new Map<number, number>();
    const result = await tsne(mixture.points, {
      seed: 2,
      onProgress: ({ iteration, klDivergence }) => {
        if (klDivergence !== undefined) reported.set(iteration, klDivergence);
      },
    });

    expect([...reported.keys()]).toEqual(Array.from({ length: 20 }, (_, t) => 50 * (t + 1)));
    const checkpoints = [250, 500, 750, 1000].map((iteration) => reported.get(iteration) as number);
    for (let t = 1; t < checkpoints.length; t++) expect(checkpoints[t]).toBeLessThan(checkpoints[t - 1]);
    expect(result.klDivergence).toBeGreaterThan(0);
    expect(Math.abs(result.klDivergence - checkpoints[3])).toBeLessThan(0.01);
  });

  it('repeats bit for bit with the same seed, whatever the thread count', async () => {
    // 1,200 rows: enough for worker threads (at least 512 rows each) in every stage.
    const { points } = gaussianMixture(6, 200, 20, 1, 8);
    const options = { iterations: 400, seed: 5 };
    const first = await tsne(points, { ...options, threads: 2 });
    const again = await tsne(points, { ...options, threads: 2 });
    const oneThread = await tsne(points, { ...options, threads: 1 });
    const otherSeed = await tsne(points, { ...options, seed: 6, threads: 2 });

    expect(again.embedding.data).toEqual(first.embedding.data);
    expect(oneThread.embedding.data).toEqual(first.embedding.data);
    expect(oneThread.klDivergence).toBe(first.klDivergence);
    expect(otherSeed.embedding.data).not.toEqual(first.embedding.data);
  });

  it('stops when onProgress returns false', async () => {
    const seen: number[] = [];
    const result = await tsne(small.points, {
      perplexity: 10,
      onProgress: ({ stage, iteration }) => {
        if (stage === 'optimize') seen.push(iteration);
        return iteration < 120;
      },
    });

    expect(result.iterations).toBe(120);
    expect(seen.at(-1)).toBe(120);
    expect(Number.isFinite(result.klDivergence)).toBe(true);
  });

  it('returns the initial layout when stopped during affinities', async () => {
    const init = Float32Array.from({ length: 240 * 2 }, (_, k) => Math.sin(k));
    const result = await tsne(small.points, { perplexity: 10, init, onProgress: () => false });

    expect(result.iterations).toBe(0);
    expect(result.embedding.data).toEqual(init);
  });

  it('lays out 3-D embeddings with Barnes-Hut', async () => {
    const result = await tsne(mixture.points, { dimensions: 3, iterations: 600, seed: 3 });

    expect(result.embedding.shape).toEqual([1000, 3]);
    expect(result.embedding.data.length).toBe(3000);
    expect(knnLabelAgreement(result.embedding, mixture.labels)).toBeGreaterThan(0.97);
    expect(meanSilhouette(result.embedding, mixture.labels)).toBeGreaterThan(0.5);
  });

  it.each(['fft', 'barnes-hut'] as const)('separates clusters with method %s', async (method) => {
    const result = await tsne(small.points, { method, perplexity: 15, iterations: 300, seed: 4 });

    expect(knnLabelAgreement(result.embedding, small.labels)).toBeGreaterThan(0.95);
    expect(meanSilhouette(result.embedding, small.labels)).toBeGreaterThan(0.5);
  });

  it('starts from a PCA layout or a given one', async () => {
    const pca = await tsne(small.points, { init: 'pca', perplexity: 15, iterations: 500 });
    expect(knnLabelAgreement(pca.embedding, small.labels)).toBeGreaterThan(0.95);

    const init = Float32Array.from({ length: 240 * 2 }, (_, k) => 1e-4 * Math.cos(k * 1.7));
    const fromInit = await tsne(small.points, { init, perplexity: 15, iterations: 0 });
    expect(fromInit.iterations).toBe(0);
    // The embedding is centred after each step, so with no iterations it is `init` itself.
    expect(fromInit.embedding.data).toEqual(init);
  });

  it('embeds two points', async () => {
    const points = { data: Float32Array.from([0, 0, 3, 4]), shape: [2, 2] };
    const result = await tsne(points, { perplexity: 0.2, iterations: 50 });

    expect(result.embedding.shape).toEqual([2, 2]);
    expect(result.embedding.data.every(Number.isFinite)).toBe(true);
  });

  it('keeps duplicate rows finite', async () => {
    const data = new Float32Array(60 * 3);
    for (let i = 30; i < 60; i++) data.fill(5, i * 3, i * 3 + 3);
    const result = await tsne({ data, shape: [60, 3] }, { perplexity: 5, iterations: 300 });

    expect(result.embedding.data.every(Number.isFinite)).toBe(true);
    expect(
      knnLabelAgreement(
        result.embedding,
        Array.from({ length: 60 }, (_, i) => (i < 30 ? 0 : 1)),
        5,
      ),
    ).toBe(1);
  });
});
