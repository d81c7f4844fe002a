import { describe, expect, test } from 'vitest';
import { IncrementalPca, fitPca } from '../src/index.js';
import type { Matrix } from '../src/index.js';
import { alignedRow, decayingSpectrumMatrix, expectClose, largestPrincipalAngle } from './helpers.js';

/** Splits a matrix into consecutive row batches of the given sizes. */
function batches(matrix: { data: Float32Array; shape: [number, number] }, sizes: number[]): Matrix[] {
  const cols = matrix.shape[1];
  let start = 0;
  return sizes.map((size) => {
    const batch = { data: matrix.data.slice(start * cols, (start + size) * cols), shape: [size, cols] };
    start += size;
    return batch;
  });
}

describe('IncrementalPca', () => {
  test('equals fitPca when the rank fits in the components', async () => {
    // Rank 5 without noise: keeping 8 components loses nothing between batches.
    const matrix = decayingSpectrumMatrix(600, 40, 31, { rank: 5, noise: 0 });
    const pca = new IncrementalPca({ components: 8, method: 'exact' });
    for (const batch of batches(matrix, [250, 100, 250])) await pca.partialFit(batch);
    const incremental = pca.toModel();
    const full = await fitPca(matrix, { components: 8, method: 'exact' });

    expect(pca.samplesSeen).toBe(600);
    expectClose(incremental.mean, full.mean, 1e-5, 'mean');
    expect(Math.abs(incremental.totalVariance - full.totalVariance) / full.totalVariance).toBeLessThan(1e-9);
    for (let i = 0; i < 5; i++) {
      expect(
        Math.abs(incremental.explainedVariance[i]! - full.explainedVariance[i]!) / full.explainedVariance[i]!,
        `variance ${i}`,
      ).toBeLessThan(1e-4);
      const expected = full.components.data.subarray(i * 40, (i + 1) * 40);
      expectClose(alignedRow(incremental.components.data, 40, i, expected), expected, 1e-3, `component ${i}`);
    }
  });

  test('approximates fitPca on a decaying spectrum', async () => {
    const matrix = decayingSpectrumMatrix(3000, 256, 32);
    const pca = new IncrementalPca({ components: 30 });
    let model;
    for (const batch of batches(matrix, [800, 800, 800, 600])) model = await pca.partialFit(batch);
    const full = await fitPca(matrix, { components: 30, method: 'exact' });

    expectClose(model!.explainedVarianceRatio.subarray(0, 5), full.explainedVarianceRatio.subarray(0, 5), 1e-3, 'top ratios');
    expect(largestPrincipalAngle(model!.components.data, full.components.data, 256, 5)).toBeLessThan(1e-2);
  });

  test('rejects a batch with another column count', async () => {
    const pca = new IncrementalPca({ components: 2 });
    await pca.partialFit({ data: new Float32Array(30).map((_, index) => Math.sin(index)), shape: [10, 3] });

    await expect(pca.partialFit({ data: new Float32Array(40), shape: [10, 4] })).rejects.toThrow(
      /batch has 4 columns but earlier batches had 3; pass batches with 3 columns/,
    );
  });

  test('rejects a first batch smaller than components', async () => {
    const pca = new IncrementalPca({ components: 5 });

    await expect(pca.partialFit({ data: new Float32Array(30), shape: [3, 10] })).rejects.toThrow(
      /components must be a whole number from 1 to min\(rows, columns\) = 3; received 5/,
    );
  });

  test('toModel before any batch', () => {
    expect(() => new IncrementalPca({ components: 2 }).toModel()).toThrow(/no batch has been fitted yet; call partialFit first/);
  });

  test('rejects components below 1', () => {
    expect(() => new IncrementalPca({ components: 0 })).toThrow(
      /IncrementalPca: options\.components must be a whole number of at least 1; received 0/,
    );
  });
});
