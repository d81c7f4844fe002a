import { beforeAll, describe, it } from 'vitest';

import { expectClose, randomTensor, runKernelOn, seededRandom, setUpBackends } from './helpers.js';

beforeAll(setUpBackends);

/** One matrix product: operand shapes as stored (before any transpose) and the transpose flags. */
interface MatMulCase {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

const cases: MatMulCase[] = [
  { a: [32, 128], b: [32, 96], transposeA: true, transposeB: false },
  { a: [32, 96], b: [128, 96], transposeA: false, transposeB: true },
  { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
  { a: [3, 8], b: [4, 3], transposeA: true, transposeB: true },
  { a: [32, 10], b: [4096, 10], transposeA: false, transposeB: true },
  { a: [3, 7, 5], b: [3, 7, 4], transposeA: true, transposeB: false },
  { a: [3, 5, 7], b: [3, 4, 7], transposeA: false, transposeB: true },
  { a: [2, 3, 9, 5], b: [2, 3, 4, 9], transposeA: true, transposeB: true },
  { a: [1, 6, 5], b: [4, 6, 3], transposeA: true, transposeB: false },
  { a: [4, 5, 6], b: [1, 3, 6], transposeA: false, transposeB: true },
  { a: [1, 1], b: [1, 1], transposeA: true, transposeB: true },
  { a: [33, 1], b: [1, 17], transposeA: false, transposeB: false },
  { a: [2, 9, 13], b: [2, 13, 11], transposeA: false, transposeB: false },
  // Empty matrices: an empty inner dimension gives zeros, an empty outer one an empty product.
  { a: [0, 3], b: [0, 4], transposeA: true, transposeB: false },
  { a: [2, 0], b: [0, 3], transposeA: false, transposeB: false },
  { a: [0, 5], b: [5, 3], transposeA: false, transposeB: false },
  { a: [4, 0], b: [3, 4], transposeA: true, transposeB: true },
];

describe('BatchMatMul on wasm matches cpu', () => {
  for (const [index, { a: aShape, b: bShape, transposeA, transposeB }] of cases.entries()) {
    const flags = `${transposeA ? ' transposeA' : ''}${transposeB ? ' transposeB' : ''}`;
    it(`batchMatMul a=[${aShape}] b=[${bShape}]${flags}`, async () => {
      const random = seededRandom(500 + index);
      const a = randomTensor(random, aShape);
      const b = randomTensor(random, bShape);
      const attrs = { transposeA, transposeB };

      const expected = await runKernelOn('cpu', 'BatchMatMul', { a, b }, attrs);
      const actual = await runKernelOn('wasm', 'BatchMatMul', { a, b }, attrs);

      expectClose(actual, expected, 1e-4);
    });
  }
});
