import { isAfter, knnPairs, offerPair, pushNeighbor, sortNeighbors, squaredDistance } from './knn-kernel.js';

/** The `k` nearest neighbours of every row, sorted by distance, then by row index. */
export interface Neighbors {
  /** Neighbours per row. */
  k: number;
  /** Row `i`'s neighbours at `i * k` to `i * k + k - 1`; length `n * k`. */
  indices: Int32Array;
  /** Squared Euclidean distances, in the same order as `indices`. */
  distances: Float32Array;
}

/** Heaps of candidate neighbours for all rows, filled by one thread. */
interface HeapSet {
  distances: Float64Array;
  indices: Int32Array;
  sizes: Int32Array;
}

/** Finds the exact `k` nearest neighbours of all `n` rows of a `n x d` matrix on this thread. */
export function nearestNeighbors(data: Float32Array, n: number, d: number, k: number): Neighbors {
  const heaps = createHeapSet(n, k, false);
  knnPairs(data, n, d, k, 0, n, heaps.distances, heaps.indices, heaps.sizes);
  return mergeHeapSets([heaps], n, k);
}

/**
 * Finds the exact `k` nearest neighbours like {@link nearestNeighbors}, splitting the pairs
 * between this thread and `threads - 1` worker threads. Each thread keeps its own heaps and
 * the heaps are merged at the end. The result does not depend on `threads`, because
 * neighbours are ranked by (distance, index), a total order.
 */
export async function nearestNeighborsParallel(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  threads: number,
): Promise<Neighbors> {
  const shares = splitPairs(n, threads);
  if (shares.length <= 1) return nearestNeighbors(data, n, d, k);

  const { Worker } = await import('node:worker_threads');
  const sharedData = new Float32Array(new SharedArrayBuffer(data.length * 4));
  sharedData.set(data);

  const heapSets = shares.map((_, t) => createHeapSet(n, k, t > 0));
  const finished = shares.slice(1).map(([start, end], t) => {
    const heaps = heapSets[t + 1];
    const workerData = { data: sharedData, n, d, k, start, end, ...heaps };
    const worker = new Worker(workerSource(), { eval: true, workerData });
    return new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code === 0) resolve();
        else
          reject(
            new Error(
              `tsne: a nearest-neighbour worker thread exited with code ${code}; retry with threads: 1 to run on this thread only.`,
            ),
          );
      });
    });
  });

  const [start, end] = shares[0];
  const own = heapSets[0];
  knnPairs(data, n, d, k, start, end, own.distances, own.indices, own.sizes);
  await Promise.all(finished);

  return mergeHeapSets(heapSets, n, k);
}

function createHeapSet(n: number, k: number, shared: boolean): HeapSet {
  const buffer = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return {
    distances: new Float64Array(buffer(8 * n * k)),
    indices: new Int32Array(buffer(4 * n * k)),
    sizes: new Int32Array(buffer(4 * n)),
  };
}

/** Sorts every heap and keeps, for each row, the first `k` candidates of all heap sets. */
function mergeHeapSets(heapSets: HeapSet[], n: number, k: number): Neighbors {
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  const cursors = new Int32Array(heapSets.length);

  for (let row = 0; row < n; row++) {
    const offset = row * k;
    for (const heaps of heapSets) sortNeighbors(heaps.distances, heaps.indices, offset, heaps.sizes[row]);
    cursors.fill(0);

    for (let t = 0; t < k; t++) {
      let best = -1;
      for (let s = 0; s < heapSets.length; s++) {
        if (cursors[s] >= heapSets[s].sizes[row]) continue;
        if (best === -1) {
          best = s;
          continue;
        }
        const candidate = heapSets[s];
        const current = heapSets[best];
        const a = offset + cursors[s];
        const b = offset + cursors[best];
        const before =
          candidate.distances[a] < current.distances[b] ||
          (candidate.distances[a] === current.distances[b] && candidate.indices[a] < current.indices[b]);
        if (before) best = s;
      }
      const chosen = heapSets[best];
      indices[offset + t] = chosen.indices[offset + cursors[best]];
      distances[offset + t] = chosen.distances[offset + cursors[best]];
      cursors[best]++;
    }
  }
  return { k, indices, distances };
}

/**
 * Splits rows `0..n-1` into at most `threads` contiguous shares with about the same number of
 * pairs `(i, j > i)` each; every boundary is a multiple of 4.
 */
function splitPairs(n: number, threads: number): Array<[number, number]> {
  const count = Math.max(1, Math.min(threads, Math.floor(n / 256)));
  const pairsBefore = (i: number) => i * (n - 1) - (i * (i - 1)) / 2;
  const total = pairsBefore(n);
  const shares: Array<[number, number]> = [];
  let start = 0;
  for (let t = 0; t < count; t++) {
    let end = n;
    if (t < count - 1) {
      end = start;
      while (end < n && pairsBefore(end) < ((t + 1) * total) / count) end += 4;
      end = Math.min(end, n);
    }
    shares.push([start, end]);
    start = end;
  }
  return shares;
}

/** Returns the script run by each worker thread: the kernel's own source plus a call on its share of rows. */
function workerSource(): string {
  const kernels = [knnPairs, squaredDistance, offerPair, pushNeighbor, isAfter];
  return `'use strict';
const { workerData } = require('node:worker_threads');
${kernels.map((kernel) => kernel.toString()).join('\n')}
const { data, n, d, k, start, end, distances, indices, sizes } = workerData;
knnPairs(data, n, d, k, start, end, distances, indices, sizes);
`;
}
