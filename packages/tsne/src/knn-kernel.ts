// Exact k-nearest-neighbour search by brute force over the pairs i < j. The functions in
// this file reference nothing outside themselves except each other, because the worker
// threads of `knn.ts` receive their source text.
//
// Neighbours are ranked by squared Euclidean distance, then by row index, which is a total
// order. Each heap keeps the k first candidates in that order, so the result does not depend
// on the order in which pairs are visited or on how they are split between threads.

/**
 * Computes the squared distances of every pair `(i, j)` with `start <= i < end` and `j > i`
 * of a row-major `n x d` matrix, and offers each pair to the heaps of both rows.
 *
 * Four rows are compared with two other rows at a time so that every value loaded is used
 * four or eight times. Each distance is still summed over the columns in order with one
 * accumulator, so it has the same value whichever side of the pair and whichever block it
 * is computed in.
 *
 * @param heapDistances - `n * k` entries: row `i`'s max-heap of squared distances at `i * k`.
 * @param heapIndices - `n * k` entries: the row indices of those neighbours.
 * @param heapSizes - `n` entries: how many entries of each heap are filled.
 */
export function knnPairs(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  start: number,
  end: number,
  heapDistances: Float64Array,
  heapIndices: Int32Array,
  heapSizes: Int32Array,
): void {
  for (let i0 = start; i0 < end; i0 += 4) {
    const blockEnd = Math.min(i0 + 4, end);

    // Pairs inside the block, and every pair of a block of fewer than 4 rows.
    const scalarEnd = blockEnd - i0 === 4 ? blockEnd : n;
    for (let i = i0; i < blockEnd; i++) {
      for (let j = i + 1; j < scalarEnd; j++) {
        const distance = squaredDistance(data, i * d, j * d, d);
        offerPair(heapDistances, heapIndices, heapSizes, k, i, j, distance);
      }
    }
    if (blockEnd - i0 < 4) continue;

    const o0 = i0 * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    let j = blockEnd;
    for (; j + 1 < n; j += 2) {
      const p = j * d;
      const q = p + d;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        r0 = 0,
        r1 = 0,
        r2 = 0,
        r3 = 0;
      for (let c = 0; c < d; c++) {
        const b = data[p + c];
        const e = data[q + c];
        const a0 = data[o0 + c];
        const a1 = data[o1 + c];
        const a2 = data[o2 + c];
        const a3 = data[o3 + c];
        let t = a0 - b;
        s0 += t * t;
        t = a1 - b;
        s1 += t * t;
        t = a2 - b;
        s2 += t * t;
        t = a3 - b;
        s3 += t * t;
        t = a0 - e;
        r0 += t * t;
        t = a1 - e;
        r1 += t * t;
        t = a2 - e;
        r2 += t * t;
        t = a3 - e;
        r3 += t * t;
      }
      offerPair(heapDistances, heapIndices, heapSizes, k, i0, j, s0);
      offerPair(heapDistances, heapIndices, heapSizes, k, i0 + 1, j, s1);
      offerPair(heapDistances, heapIndices, heapSizes, k, i0 + 2, j, s2);
      offerPair(heapDistances, heapIndices, heapSizes, k, i0 + 3, j, s3);
      offerPair(heapDistances, heapIndices, heapSizes, k, i0, j + 1, r0);
      offerPair(heapDistances, heapIndices, heapSizes, k, i0 + 1, j + 1, r1);
      offerPair(heapDistances, heapIndices, heapSizes, k, i0 + 2, j + 1, r2);
      offerPair(heapDistances, heapIndices, heapSizes, k, i0 + 3, j + 1, r3);
    }
    for (; j < n; j++) {
      for (let i = i0; i < blockEnd; i++) {
        offerPair(heapDistances, heapIndices, heapSizes, k, i, j, squaredDistance(data, i * d, j * d, d));
      }
    }
  }
}

/** Sums squared differences over `d` columns in order, like the blocked loop in `knnPairs`. */
export function squaredDistance(data: Float32Array, a: number, b: number, d: number): number {
  let sum = 0;
  for (let c = 0; c < d; c++) {
    const t = data[a + c] - data[b + c];
    sum += t * t;
  }
  return sum;
}

/** Offers `j` to row `i`'s heap and `i` to row `j`'s heap. */
export function offerPair(
  heapDistances: Float64Array,
  heapIndices: Int32Array,
  heapSizes: Int32Array,
  k: number,
  i: number,
  j: number,
  distance: number,
): void {
  heapSizes[i] = pushNeighbor(heapDistances, heapIndices, i * k, heapSizes[i], k, distance, j);
  heapSizes[j] = pushNeighbor(heapDistances, heapIndices, j * k, heapSizes[j], k, distance, i);
}

/**
 * Offers a candidate to a max-heap, ordered by distance then index, of at most `k` neighbours
 * stored at `offset`, and returns the heap's new size.
 */
export function pushNeighbor(
  distances: Float64Array,
  indices: Int32Array,
  offset: number,
  size: number,
  k: number,
  distance: number,
  index: number,
): number {
  if (size < k) {
    let p = size;
    while (p > 0) {
      const parent = (p - 1) >> 1;
      const parentDistance = distances[offset + parent];
      if (parentDistance > distance || (parentDistance === distance && indices[offset + parent] > index)) break;
      distances[offset + p] = parentDistance;
      indices[offset + p] = indices[offset + parent];
      p = parent;
    }
    distances[offset + p] = distance;
    indices[offset + p] = index;
    return size + 1;
  }

  const topDistance = distances[offset];
  if (distance > topDistance || (distance === topDistance && index > indices[offset])) return size;
  let p = 0;
  for (;;) {
    let child = 2 * p + 1;
    if (child >= k) break;
    if (child + 1 < k && isAfter(distances, indices, offset + child + 1, offset + child)) child++;
    const childDistance = distances[offset + child];
    if (childDistance < distance || (childDistance === distance && indices[offset + child] < index)) break;
    distances[offset + p] = childDistance;
    indices[offset + p] = indices[offset + child];
    p = child;
  }
  distances[offset + p] = distance;
  indices[offset + p] = index;
  return size;
}

/** Tells whether heap entry `a` comes after entry `b` in (distance, index) order. */
export function isAfter(distances: Float64Array, indices: Int32Array, a: number, b: number): boolean {
  return distances[a] > distances[b] || (distances[a] === distances[b] && indices[a] > indices[b]);
}

/** Sorts `count` heap entries at `offset` by distance, then by index (insertion sort: k is small). */
export function sortNeighbors(distances: Float64Array, indices: Int32Array, offset: number, count: number): void {
  for (let a = offset + 1; a < offset + count; a++) {
    const distance = distances[a];
    const index = indices[a];
    let b = a - 1;
    while (b >= offset && (distances[b] > distance || (distances[b] === distance && indices[b] > index))) {
      distances[b + 1] = distances[b];
      indices[b + 1] = indices[b];
      b--;
    }
    distances[b + 1] = distance;
    indices[b + 1] = index;
  }
}
