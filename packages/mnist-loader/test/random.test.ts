import { describe, expect, test } from 'vitest';
import { createRng, sampleIndices, shuffledIndices } from '../src/index.js';
import { sampleDense, sampleSparse } from '../src/random.js';
import { thrownBy } from './idx-writer.js';

/** mulberry32 as published in C (uint32 arithmetic), written with BigInt as an independent reference. */
function referenceMulberry32(seed: number, count: number): number[] {
  const mask = 0xffffffffn;
  let state = BigInt(seed >>> 0);
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5n) & mask;
    let z = ((state ^ (state >> 15n)) * (state | 1n)) & mask;
    z = (z ^ (z + (((z ^ (z >> 7n)) * (z | 61n)) & mask))) & mask;
    values.push(Number(z ^ (z >> 14n)) / 2 ** 32);
  }
  return values;
}

function isPermutation(values: Int32Array, n: number): boolean {
  const seen = new Uint8Array(n);
  for (const value of values) {
    if (value < 0 || value >= n || seen[value]) return false;
    seen[value] = 1;
  }
  return values.length === n;
}

describe(createRng, () => {
  test.each([0, 1, 42, 0xffffffff, 123456789])('createRng(%s) matches the mulberry32 reference', (seed) => {
    const random = createRng(seed);

    const values = Array.from({ length: 20 }, () => random());

    expect(values).toEqual(referenceMulberry32(seed, 20));
  });

  test('createRng reduces seeds modulo 2^32', () => {
    const a = createRng(-1);
    const b = createRng(0xffffffff);
    const c = createRng(0xffffffff + 2 ** 32);

    for (let i = 0; i < 10; i++) {
      const value = a();
      expect(b()).toBe(value);
      expect(c()).toBe(value);
    }
  });

  test('createRng values are in [0, 1) with mean near 0.5', () => {
    const random = createRng(7);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const value = random();
      sum += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }

    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // The standard error of the mean is 0.29 / sqrt(100000), about 0.001.
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });

  test('createRng rejects a fractional seed', () => {
    const error = thrownBy(() => createRng(0.5));

    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe('createRng: seed must be a safe integer, received 0.5.');
  });
});

describe(shuffledIndices, () => {
  test('shuffledIndices returns a permutation', () => {
    const order = shuffledIndices(1000, 3);

    expect(isPermutation(order, 1000)).toBe(true);
    expect(order).not.toEqual(Int32Array.from({ length: 1000 }, (_, i) => i));
  });

  test('shuffledIndices repeats for the same seed and differs for another', () => {
    expect(shuffledIndices(500, 11)).toEqual(shuffledIndices(500, 11));
    expect(shuffledIndices(500, 11)).not.toEqual(shuffledIndices(500, 12));
  });

  test('shuffledIndices of 0 and 1 items', () => {
    expect(shuffledIndices(0, 1)).toEqual(new Int32Array(0));
    expect(shuffledIndices(1, 1)).toEqual(Int32Array.from([0]));
  });

  test('shuffledIndices is uniform over 4 items', () => {
    const counts = new Map<string, number>();
    const trials = 24_000;
    for (let seed = 0; seed < trials; seed++) {
      const key = shuffledIndices(4, seed).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }

    // Each permutation is expected 1000 times with a standard deviation of about 31, so 150 is about 5 sigma.
    expect(counts.size).toBe(24);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});

describe(sampleIndices, () => {
  test('sampleIndices draws distinct indices in range', () => {
    const sample = sampleIndices(60000, 10000, 1);

    expect(sample.length).toBe(10000);
    expect(new Set(sample).size).toBe(10000);
    expect(Math.min(...sample)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...sample)).toBeLessThan(60000);
  });

  test('sampleIndices repeats for the same seed and differs for another', () => {
    expect(sampleIndices(60000, 100, 5)).toEqual(sampleIndices(60000, 100, 5));
    expect(sampleIndices(60000, 100, 5)).not.toEqual(sampleIndices(60000, 100, 6));
  });

  test('sampleIndices with k = n equals shuffledIndices', () => {
    const sample = sampleIndices(257, 257, 9);

    expect(isPermutation(sample, 257)).toBe(true);
    expect(sample).toEqual(shuffledIndices(257, 9));
  });

  test('sampleIndices is a prefix of shuffledIndices', () => {
    expect(sampleIndices(1000, 10, 4)).toEqual(shuffledIndices(1000, 4).subarray(0, 10));
    expect(sampleIndices(1000, 600, 4)).toEqual(shuffledIndices(1000, 4).subarray(0, 600));
  });

  test('sampleIndices sparse and dense draws agree', () => {
    const cases: [n: number, k: number][] = [
      [1, 1],
      [10, 3],
      [5, 5],
      [60000, 0],
      [60000, 10000],
    ];
    for (const [n, k] of cases) {
      expect(sampleSparse(n, k, 77)).toEqual(sampleDense(n, k, 77));
    }
  });

  test('sampleIndices from 2^31 items keeps memory to k', () => {
    const sample = sampleIndices(2 ** 31, 1000, 8);

    expect(new Set(sample).size).toBe(1000);
    expect(Math.max(...sample)).toBeLessThan(2 ** 31);
    expect(Math.max(...sample)).toBeGreaterThan(2 ** 30);
  });

  test('sampleIndices with k = 0 is empty', () => {
    expect(sampleIndices(10, 0, 1)).toEqual(new Int32Array(0));
  });

  test('sampleIndices rejects k > n', () => {
    const error = thrownBy(() => sampleIndices(60000, 60001, 1));

    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe(
      'sampleIndices: cannot draw k = 60001 distinct indices from n = 60000 items. Lower the sample count to at most 60000.',
    );
  });

  test('sampleIndices rejects k < 0', () => {
    const error = thrownBy(() => sampleIndices(10, -1, 1));

    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe(
      'sampleIndices: cannot draw k = -1 distinct indices from n = 10 items. Pass a sample count of 0 or more.',
    );
  });
});
