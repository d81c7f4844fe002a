import { describe, expect, it } from 'vitest';

import { barnesHutRepulsion } from '../src/barnes-hut.js';
import { createFftPlan, transformColumns, transformRows } from '../src/fft.js';
import { createFftWorkspace, fftRepulsion2d } from '../src/fft-repulsion.js';
import { seededRandom } from './helpers.js';

/** Computes `sum_j q_ij^2 (y_i - y_j)` and Z exactly, in O(n^2). */
function exactRepulsion(embedding: Float64Array, n: number, dims: number): { forces: Float64Array; normalization: number } {
  const forces = new Float64Array(n * dims);
  let normalization = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let squared = 0;
      for (let c = 0; c < dims; c++) squared += (embedding[i * dims + c] - embedding[j * dims + c]) ** 2;
      const q = 1 / (1 + squared);
      normalization += q;
      for (let c = 0; c < dims; c++) forces[i * dims + c] += q * q * (embedding[i * dims + c] - embedding[j * dims + c]);
    }
  }
  return { forces, normalization };
}

/** Draws `n` points in 8 clusters whose centres are `spread` apart, with unit noise. */
function clusteredLayout(n: number, dims: number, spread: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const embedding = new Float64Array(n * dims);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < dims; c++) embedding[i * dims + c] = spread * Math.cos((i % 8) * (c + 1.3)) + 2 * random() - 1;
  }
  return embedding;
}

/** Returns `|a / za - b / zb| / |b / zb|` over all values: the relative error of normalised forces. */
function relativeError(a: Float64Array, za: number, b: Float64Array, zb: number): number {
  let difference = 0;
  let norm = 0;
  for (let k = 0; k < a.length; k++) {
    difference += (a[k] / za - b[k] / zb) ** 2;
    norm += (b[k] / zb) ** 2;
  }
  return Math.sqrt(difference / norm);
}

describe(barnesHutRepulsion, () => {
  it.each([2, 3])('is exact with theta 0 in %i-D', (dims) => {
    const n = 300;
    const embedding = clusteredLayout(n, dims, 10, dims);
    const exact = exactRepulsion(embedding, n, dims);
    const forces = new Float64Array(n * dims);
    const pointSums = new Float64Array(n);

    barnesHutRepulsion(embedding, n, dims, 0, forces, pointSums);

    const normalization = pointSums.reduce((sum, value) => sum + value, 0);
    expect(Math.abs(normalization / exact.normalization - 1)).toBeLessThan(1e-12);
    expect(relativeError(forces, normalization, exact.forces, exact.normalization)).toBeLessThan(1e-12);
  });

  it.each([2, 3])('stays within 2 % with theta 0.5 in %i-D', (dims) => {
    const n = 1000;
    const embedding = clusteredLayout(n, dims, 20, 10 + dims);
    const exact = exactRepulsion(embedding, n, dims);
    const forces = new Float64Array(n * dims);
    const pointSums = new Float64Array(n);

    const tree = barnesHutRepulsion(embedding, n, dims, 0.5, forces, pointSums);
    const reused = new Float64Array(n * dims);
    barnesHutRepulsion(embedding, n, dims, 0.5, reused, new Float64Array(n), tree);

    const normalization = pointSums.reduce((sum, value) => sum + value, 0);
    expect(Math.abs(normalization / exact.normalization - 1)).toBeLessThan(0.02);
    expect(relativeError(forces, normalization, exact.forces, exact.normalization)).toBeLessThan(0.02);
    expect(reused).toEqual(forces);
  });

  it('keeps points at one position in one leaf', () => {
    const embedding = new Float64Array([0, 0, 0, 0, 0, 0, 3, 4]);
    const forces = new Float64Array(8);
    const pointSums = new Float64Array(4);

    barnesHutRepulsion(embedding, 4, 2, 0.5, forces, pointSums);

    // Each of the 3 coincident points has the other two at q = 1 and the fourth at q = 1/26.
    expect(pointSums[0]).toBeCloseTo(2 + 1 / 26, 12);
    expect(pointSums[3]).toBeCloseTo(3 / 26, 12);
    expect(forces[6]).toBeCloseTo((3 * 3) / 26 ** 2, 12);
  });
});

describe(fftRepulsion2d, () => {
  it.each([0.01, 5, 30])('stays within 2 %% of exact forces at spread %s', (spread) => {
    const n = 1000;
    const embedding = clusteredLayout(n, 2, spread, 20);
    const exact = exactRepulsion(embedding, n, 2);
    const forces = new Float64Array(n * 2);

    const normalization = fftRepulsion2d(embedding, n, forces, createFftWorkspace());

    expect(Math.abs(normalization / exact.normalization - 1)).toBeLessThan(0.02);
    expect(relativeError(forces, normalization, exact.forces, exact.normalization)).toBeLessThan(0.02);
  });
});

describe('fft transforms', () => {
  it('match a direct 2-D DFT and invert', () => {
    const size = 16;
    const random = seededRandom(9);
    const re = Float64Array.from({ length: size * size }, () => random() - 0.5);
    const im = Float64Array.from({ length: size * size }, () => random() - 0.5);
    const originalRe = re.slice();
    const originalIm = im.slice();
    const plan = createFftPlan(size);

    transformRows(plan, re, im, 0, size, false);
    transformColumns(plan, re, im, 0, size, false);

    for (const [u, v] of [
      [0, 0],
      [1, 3],
      [7, 15],
      [15, 8],
    ]) {
      let sumRe = 0;
      let sumIm = 0;
      for (let r = 0; r < size; r++) {
        for (let c = 0; c < size; c++) {
          const angle = (-2 * Math.PI * (u * r + v * c)) / size;
          sumRe += originalRe[r * size + c] * Math.cos(angle) - originalIm[r * size + c] * Math.sin(angle);
          sumIm += originalRe[r * size + c] * Math.sin(angle) + originalIm[r * size + c] * Math.cos(angle);
        }
      }
      expect(re[u * size + v]).toBeCloseTo(sumRe, 10);
      expect(im[u * size + v]).toBeCloseTo(sumIm, 10);
    }

    transformColumns(plan, re, im, 0, size, true);
    transformRows(plan, re, im, 0, size, true);
    for (let k = 0; k < size * size; k++) {
      expect(re[k] / (size * size)).toBeCloseTo(originalRe[k], 12);
      expect(im[k] / (size * size)).toBeCloseTo(originalIm[k], 12);
    }
  });
});
