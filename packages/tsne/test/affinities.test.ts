import { describe, expect, it } from 'vitest';

import { conditionalProbabilities, jointProbabilities } from '../src/affinities.js';
import { nearestNeighbors } from '../src/knn.js';
import { gaussianMixture } from './helpers.js';

const { points } = gaussianMixture(3, 100, 10, 2, 5);
const [n, d] = points.shape;
const perplexity = 12;
const neighbors = nearestNeighbors(points.data, n, d, Math.floor(3 * perplexity + 1));

describe(conditionalProbabilities, () => {
  it('calibrates every row to the perplexity', () => {
    const { k } = neighbors;
    const conditional = conditionalProbabilities(neighbors, perplexity);

    for (let i = 0; i < n; i++) {
      let sum = 0;
      let entropy = 0;
      for (let t = 0; t < k; t++) {
        const p = conditional[i * k + t];
        sum += p;
        if (p > 0) entropy -= p * Math.log(p);
      }
      expect(sum).toBeCloseTo(1, 12);
      expect(Math.exp(entropy)).toBeCloseTo(perplexity, 3);
    }
  });
});

describe(jointProbabilities, () => {
  it('is symmetric, sums to 1 and has sorted columns', () => {
    const affinities = jointProbabilities(neighbors, conditionalProbabilities(neighbors, perplexity));
    const { rowStart, columns, values } = affinities;
    const entry = new Map<string, number>();
    let total = 0;
    let entropyTerm = 0;
    for (let i = 0; i < n; i++) {
      for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
        if (e > rowStart[i]) expect(columns[e]).toBeGreaterThan(columns[e - 1]);
        expect(columns[e]).not.toBe(i);
        entry.set(`${i},${columns[e]}`, values[e]);
        total += values[e];
        entropyTerm += values[e] * Math.log(values[e]);
      }
    }

    expect(total).toBeCloseTo(1, 12);
    expect(affinities.entropyTerm).toBeCloseTo(entropyTerm, 10);
    for (const [key, value] of entry) {
      const [i, j] = key.split(',');
      expect(entry.get(`${j},${i}`)).toBe(value);
    }
  });
});
