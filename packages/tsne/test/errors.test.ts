import { describe, expect, it } from 'vitest';

import { tsne, type TsneOptions } from '../src/index.js';

const points = { data: Float32Array.from({ length: 40 * 3 }, (_, k) => Math.sin(k)), shape: [40, 3] };

describe('tsne input checks', () => {
  it('rejects fewer than 2 rows', async () => {
    await expect(tsne({ data: new Float32Array(3), shape: [1, 3] })).rejects.toThrow(
      'tsne: data must have at least 2 rows; received 1.',
    );
  });

  it('rejects a perplexity too large for n', async () => {
    await expect(tsne(points, { perplexity: 13 })).rejects.toThrow(
      'tsne: options.perplexity must be below (n - 1) / 3 = 13 for 40 rows, because each row needs ' +
        '3 * perplexity neighbours; received 13. Use a smaller perplexity or more rows.',
    );
    await expect(tsne(points)).rejects.toThrow(/received 30\./);
  });

  it.each([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('rejects %s with its row and column', async (value, printed) => {
    const data = points.data.slice();
    data[7 * 3 + 2] = value;
    await expect(tsne({ data, shape: [40, 3] }, { perplexity: 5 })).rejects.toThrow(
      `tsne: data contains ${printed} at row 7, column 2; all values must be finite. Remove or impute that row.`,
    );
  });

  it('rejects data that is not a float32 matrix', async () => {
    await expect(tsne({ data: [1, 2] as unknown as Float32Array, shape: [1, 2] })).rejects.toThrow(
      'tsne: data.data must be a Float32Array; received an array of length 2.',
    );
    await expect(tsne({ data: new Float32Array(6), shape: [2, 2] })).rejects.toThrow(
      'tsne: data.data has 6 values but shape [2, 2] needs 4.',
    );
    await expect(tsne({ data: new Float32Array(6), shape: [6] })).rejects.toThrow(TypeError);
  });

  const invalid: Array<[string, TsneOptions, string]> = [
    ['dimensions', { dimensions: 4 as 2 }, 'tsne: options.dimensions must be 2 or 3; received 4.'],
    ['perplexity', { perplexity: 0 }, 'tsne: options.perplexity must be a finite number > 0; received 0.'],
    ['iterations', { iterations: 10.5 }, 'tsne: options.iterations must be an integer >= 0; received 10.5.'],
    ['learningRate', { learningRate: -1 }, "tsne: options.learningRate must be 'auto' or a finite number > 0; received -1."],
    ['earlyExaggeration', { earlyExaggeration: 0 }, 'tsne: options.earlyExaggeration must be a finite number > 0; received 0.'],
    [
      'exaggerationIterations',
      { exaggerationIterations: -5 },
      'tsne: options.exaggerationIterations must be an integer >= 0; received -5.',
    ],
    ['method', { method: 'exact' as 'fft' }, 'tsne: options.method must be "auto" or "fft" or "barnes-hut"; received "exact".'],
    [
      'method fft in 3-D',
      { method: 'fft', dimensions: 3 },
      "tsne: options.method 'fft' supports 2 dimensions only; received dimensions 3.",
    ],
    ['theta', { theta: -0.5 }, 'tsne: options.theta must be a finite number >= 0; received -0.5.'],
    ['seed', { seed: NaN }, 'tsne: options.seed must be a finite number; received NaN.'],
    [
      'init length',
      { init: new Float32Array(10) },
      'tsne: options.init must have n * dimensions = 40 * 2 = 80 values; received 10.',
    ],
    [
      'init type',
      { init: 'spectral' as 'pca' },
      "tsne: options.init must be 'random', 'pca' or a Float32Array of n * dimensions values; received \"spectral\".",
    ],
    ['threads', { threads: 0 }, 'tsne: options.threads must be an integer >= 1; received 0.'],
    ['onProgress', { onProgress: 5 as unknown as () => void }, 'tsne: options.onProgress must be a function; received 5.'],
  ];

  it.each(invalid)('rejects invalid option %s', async (_name, options, message) => {
    await expect(tsne(points, { perplexity: 5, ...options })).rejects.toThrow(message);
  });

  it('rejects a non-finite init value with its row and column', async () => {
    const init = new Float32Array(80);
    init[11] = NaN;
    await expect(tsne(points, { perplexity: 5, init })).rejects.toThrow(
      'tsne: options.init contains NaN at row 5, column 1; all values must be finite.',
    );
  });
});
