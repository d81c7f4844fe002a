// Exact k-nearest-neighbour search by brute force. The functions in this file reference
// nothing outside themselves except each other, because the worker pool in `knn.ts` ships
// their source text to worker threads.

/**
 * Finds the `k` nearest neighbours (squared Euclidean distance, the row itself excluded) of
 * rows `start` to `end - 1` of a row-major `n x d` matrix.
 *
 * Four rows are compared with two candidate rows at a time so that every value loaded is used
 * four or eight times. Each distance is still summed over the columns in order with one
 * accumulator, so a row's neighbours do not depend on how rows are split into blocks or
 * threads. Neighbours come out sorted by distance, then by row index.
 *
 * @param out - Receives row `i`'s neighbours at `(i - start) * k`: `indices` and squared
 *   `distances`, each of length `(end - start) * k`.
 */
export function knnRows(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  start: number,
  end: number,
  outIndices: Int32Array,
  outDistances: Float32Array,
): void {
  const heapDistances = new Float64Array(4 * k);
  const heapIndices = new Int32Array(4 * k);
  const sizes = new Int32Array(4);

  for (let i0 = start; i0 < end; i0 += 4) {
    const blockRows = Math.min(4, end - i0);
    sizes.fill(0);

    if (blockRows === 4) {
      const o0 = i0 * d;
      const o1 = o0 + d;
      const o2 = o1 + d;
      const o3 = o2 + d;
      let j = 0;
      for (; j + 1 < n; j += 2) {
        const p = j * d;
        const q = p + d;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0;
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
        if (j !== i0) sizes[0] = pushNeighbor(heapDistances, heapIndices, 0, sizes[0], k, s0, j);
        if (j !== i0 + 1) sizes[1] = pushNeighbor(heapDistances, heapIndices, k, sizes[1], k, s1, j);
        if (j !== i0 + 2) sizes[2] = pushNeighbor(heapDistances, heapIndices, 2 * k, sizes[2], k, s2, j);
        if (j !== i0 + 3) sizes[3] = pushNeighbor(heapDistances, heapIndices, 3 * k, sizes[3], k, s3, j);
        const j1 = j + 1;
        if (j1 !== i0) sizes[0] = pushNeighbor(heapDistances, heapIndices, 0, sizes[0], k, r0, j1);
        if (j1 !== i0 + 1) sizes[1] = pushNeighbor(heapDistances, heapIndices, k, sizes[1], k, r1, j1);
        if (j1 !== i0 + 2) sizes[2] = pushNeighbor(heapDistances, heapIndices, 2 * k, sizes[2], k, r2, j1);
        if (j1 !== i0 + 3) sizes[3] = pushNeighbor(heapDistances, heapIndices, 3 * k, sizes[3], k, r3, j1);
      }
      for (; j < n; j++) {
        for (let r = 0; r < 4; r++) {
          if (j === i0 + r) continue;
          const distance = squaredDistance(data, (i0 + r) * d, j * d, d);
          sizes[r] = pushNeighbor(heapDistances, heapIndices, r * k, sizes[r], k, distance, j);
        }
      }
    } else {
      for (let r = 0; r < blockRows; r++) {
        const i = i0 + r;
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          const distance = squaredDistance(data, i * d, j * d, d);
          sizes[r] = pushNeighbor(heapDistances, heapIndices, r * k, sizes[r], k, distance, j);
        }
      }
    }

    for (let r = 0; r < blockRows; r++) {
      sortNeighbors(heapDistances, heapIndices, r * k, k);
      const out = (i0 + r - start) * k;
      for (let t = 0; t < k; t++) {
        outIndices[out + t] = heapIndices[r * k + t];
        outDistances[out + t] = heapDistances[r * k + t];
      }
    }
  }
}

/** Sums squared differences over `d` columns in order, like the blocked loop in `knnRows`. */
export function squaredDistance(data: Float32Array, a: number, b: number, d: number): number {
  let sum = 0;
  for (let c = 0; c < d; c++) {
    const t = data[a + c] - data[b + c];
    sum += t * t;
  }
  return sum;
}

/**
 * Offers a candidate to a max-heap of at most `k` neighbours stored at `offset` and returns
 * the heap's new size. A candidate replaces the farthest one only when strictly closer, so
 * among equal distances the lower row index (seen first) stays.
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
      if (distances[offset + parent] >= distance) break;
      distances[offset + p] = distances[offset + parent];
      indices[offset + p] = indices[offset + parent];
      p = parent;
    }
    distances[offset + p] = distance;
    indices[offset + p] = index;
    return size + 1;
  }

  if (distance >= distances[offset]) return size;
  let p = 0;
  for (;;) {
    let child = 2 * p + 1;
    if (child >= k) break;
    if (child + 1 < k && distances[offset + child + 1] > distances[offset + child]) child++;
    if (distances[offset + child] <= distance) break;
    distances[offset + p] = distances[offset + child];
    indices[offset + p] = indices[offset + child];
    p = child;
  }
  distances[offset + p] = distance;
  indices[offset + p] = index;
  return size;
}

/** Sorts `k` heap entries at `offset` by distance, then by index (insertion sort: k is small). */
export function sortNeighbors(distances: Float64Array, indices: Int32Array, offset: number, k: number): void {
  for (let a = offset + 1; a < offset + k; a++) {
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
