import { expect } from 'vitest';

/**
 * Asserts that two float arrays have the same length and differ by at most `tolerance` at every
 * index, reporting the first index that differs.
 */
export function expectArraysClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length, 'array length').toBe(expected.length);

  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs(actual[i] - expected[i]);
    if (!(difference <= tolerance)) {
      expect.fail(`index ${i}: actual ${actual[i]}, expected ${expected[i]}, difference ${difference} > ${tolerance}`);
    }
  }
}
