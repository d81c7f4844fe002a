import { describe, expect, it } from 'vitest';

import { nearestNeighbors, nearestNeighborsParallel } from '../src/knn.js';
import { seededRandom } from './helpers.js';

/** Sorts all other rows of each row by (squared distance, index) and keeps the first k. */
function referenceNeighbors(data: Float32Array, n: number, d: number, k: number): { indices: number[]; distances: number[] } {
  const indices: number[] = [];
  const distances: number[] = [];
  for (let i = 0; i < n; i++) {
    const candidates: Array<[number, number]> = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let squared = 0;
      for (let c = 0; c < d; c++) squared += (data[i * d + c] - data[j * d + c]) ** 2;
      candidates.push([squared, j]);
    }
    candidates.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [distance, index] of candidates.slice(0, k)) {
      indices.push(index);
      distances.push(Math.fround(distance));
    }
  }
  return { indices, distances };
}

const cases = [
  { name: 'n=1031 d=7 k=15', n: 1031, d: 7, k: 15, grid: false },
  { name: 'n=777 d=3 k=20 with ties', n: 777, d: 3, k: 20, grid: true },
  { name: 'n=9 d=2 k=8', n: 9, d: 2, k: 8, grid: false },
];

describe(nearestNeighbors, () => {
  it.each(cases)('matches a full sort for $name', ({ n, d, k, grid }) => {
    const random = seededRandom(n);
    // Integer coordinates from 0 to 3 make many equal distances, so the tie rule is tested.
    const data = Float32Array.from({ length: n * d }, () => (grid ? Math.floor(4 * random()) : random()));
    const expected = referenceNeighbors(data, n, d, k);

    const found = nearestNeighbors(data, n, d, k);

    expect(Array.from(found.indices)).toEqual(expected.indices);
    expect(Array.from(found.distances)).toEqual(expected.distances);
  });
});

describe(nearestNeighborsParallel, () => {
  it.each([2, 3])('gives the single-thread result on %i threads', async (threads) => {
    const random = seededRandom(3);
    const n = 1500;
    const data = Float32Array.from({ length: n * 5 }, () => Math.floor(8 * random()));
    const single = nearestNeighbors(data, n, 5, 12);

    const parallel = await nearestNeighborsParallel(data, n, 5, 12, threads);

    expect(parallel.indices).toEqual(single.indices);
    expect(parallel.distances).toEqual(single.distances);
  });
});
