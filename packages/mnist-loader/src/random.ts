/** Largest n for which indices 0..n-1 fit in an Int32Array. */
const MAX_INDEX_COUNT = 2 ** 31;

/**
 * Creates a seeded pseudo-random generator (mulberry32, 32-bit state) of uniform numbers in [0, 1).
 *
 * mulberry32 is small and fast, with a period of 2^32. It is good enough for shuffling and
 * sampling but not for cryptography.
 *
 * @param seed - Any safe integer. It is reduced modulo 2^32, so `seed` and `seed + 2 ** 32` give the same sequence.
 * @returns A function that returns the next number of the sequence on each call.
 * @throws RangeError when `seed` is not a safe integer.
 */
export function createRng(seed: number): () => number {
  checkSeed('createRng', seed);
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Returns a new seed for one stream of a seeded computation, such as one epoch of a shuffle,
 * by hashing `seed` and `stream` with the murmur3 finaliser.
 */
export function deriveSeed(seed: number, stream: number): number {
  let hash = (seed | 0) ^ Math.imul((stream + 1) | 0, 0x9e3779b9);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/**
 * Returns a seeded random permutation of 0..n-1 (Fisher-Yates).
 *
 * It equals `sampleIndices(n, n, seed)`, and its first k entries equal `sampleIndices(n, k, seed)`.
 *
 * @param n - Number of indices, an integer from 0 to 2^31.
 * @param seed - Safe integer seed, as for {@link createRng}.
 * @returns The permutation, length n.
 * @throws RangeError when `n` or `seed` is invalid.
 */
export function shuffledIndices(n: number, seed: number): Int32Array {
  checkCount('shuffledIndices', 'n', n);
  checkSeed('shuffledIndices', seed);
  return sampleDense(n, n, seed);
}

/**
 * Draws k distinct indices from 0..n-1 without replacement, in the order they were drawn.
 *
 * The draws are the first k steps of a Fisher-Yates shuffle. When k is small against n, the
 * swaps are kept in a Map instead of an array of n indices, with the same result.
 *
 * @param n - Number of items to draw from, an integer from 0 to 2^31.
 * @param k - Number of indices to draw, from 0 to n.
 * @param seed - Safe integer seed, as for {@link createRng}.
 * @returns The drawn indices, length k.
 * @throws RangeError when k > n or k < 0, or when `n`, `k` or `seed` is not an integer.
 */
export function sampleIndices(n: number, k: number, seed: number): Int32Array {
  checkCount('sampleIndices', 'n', n);
  if (!Number.isSafeInteger(k)) {
    throw new RangeError(`sampleIndices: the sample count k must be an integer, received ${k}.`);
  }
  if (k > n || k < 0) {
    const fix = k > n ? `Lower the sample count to at most ${n}` : 'Pass a sample count of 0 or more';
    throw new RangeError(`sampleIndices: cannot draw k = ${k} distinct indices from n = ${n} items. ${fix}.`);
  }
  checkSeed('sampleIndices', seed);
  return 4 * k >= n ? sampleDense(n, k, seed) : sampleSparse(n, k, seed);
}

/** Runs the first k steps of a forward Fisher-Yates shuffle over an array of n indices. */
export function sampleDense(n: number, k: number, seed: number): Int32Array {
  const random = createRng(seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;

  // NOTE: floor(u * m) with a 32-bit u favours some values of j by up to m / 2^32, which is
  // below 2e-5 for m = 60,000. A rejection step would remove it at the cost of extra draws.
  for (let i = 0; i < k && i < n - 1; i++) {
    const j = i + Math.floor(random() * (n - i));
    const swapped = order[j]!;
    order[j] = order[i]!;
    order[i] = swapped;
  }
  return k === n ? order : order.slice(0, k);
}

/** Makes the same draws as {@link sampleDense} but stores only the moved entries, in O(k) memory. */
export function sampleSparse(n: number, k: number, seed: number): Int32Array {
  const random = createRng(seed);
  const moved = new Map<number, number>();
  const drawn = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    drawn[i] = moved.get(j) ?? j;
    moved.set(j, moved.get(i) ?? i);
  }
  return drawn;
}

function checkCount(operation: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_INDEX_COUNT) {
    throw new RangeError(`${operation}: ${name} must be an integer from 0 to 2^31, received ${value}.`);
  }
}

function checkSeed(operation: string, seed: number): void {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`${operation}: seed must be a safe integer, received ${seed}.`);
  }
}
