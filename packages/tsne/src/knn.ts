import { knnRows, pushNeighbor, sortNeighbors, squaredDistance } from './knn-kernel.js';

/** The `k` nearest neighbours of every row, sorted by distance, then by row index. */
export interface Neighbors {
  /** Neighbours per row. */
  k: number;
  /** Row `i`'s neighbours at `i * k` to `i * k + k - 1`; length `n * k`. */
  indices: Int32Array;
  /** Squared Euclidean distances, in the same order as `indices`. */
  distances: Float32Array;
}

/** Finds the exact `k` nearest neighbours of all `n` rows of a `n x d` matrix on this thread. */
export function nearestNeighbors(data: Float32Array, n: number, d: number, k: number): Neighbors {
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  knnRows(data, n, d, k, 0, n, indices, distances);
  return { k, indices, distances };
}

/**
 * Finds the exact `k` nearest neighbours like {@link nearestNeighbors}, splitting the rows
 * between this thread and `threads - 1` worker threads. Each row is computed exactly as on
 * one thread, so the result does not depend on `threads`.
 */
export async function nearestNeighborsParallel(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  threads: number,
): Promise<Neighbors> {
  const shares = splitRows(n, threads);
  if (shares.length <= 1) return nearestNeighbors(data, n, d, k);

  const { Worker } = await import('node:worker_threads');

  const sharedData = new SharedArrayBuffer(data.length * 4);
  new Float32Array(sharedData).set(data);
  const sharedIndices = new SharedArrayBuffer(n * k * 4);
  const sharedDistances = new SharedArrayBuffer(n * k * 4);
  const indices = new Int32Array(sharedIndices);
  const distances = new Float32Array(sharedDistances);

  const finished = shares.slice(1).map(([start, end]) => {
    const workerData = { data: sharedData, n, d, k, start, end, indices: sharedIndices, distances: sharedDistances };
    const worker = new Worker(workerSource(), { eval: true, workerData });
    return new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code === 0) resolve();
        else reject(new Error(`tsne: a nearest-neighbour worker thread exited with code ${code}`));
      });
    });
  });

  const [start, end] = shares[0];
  knnRows(
    new Float32Array(sharedData),
    n,
    d,
    k,
    start,
    end,
    indices.subarray(start * k, end * k),
    distances.subarray(start * k, end * k),
  );
  await Promise.all(finished);

  return { k, indices: indices.slice(), distances: distances.slice() };
}

/** Splits rows `0..n-1` into at most `threads` contiguous shares, each a multiple of 4 rows but the last. */
function splitRows(n: number, threads: number): Array<[number, number]> {
  const count = Math.max(1, Math.min(threads, Math.floor(n / 256)));
  const shares: Array<[number, number]> = [];
  let start = 0;
  for (let t = 0; t < count; t++) {
    const end = t === count - 1 ? n : Math.min(n, Math.ceil(((t + 1) * n) / count / 4) * 4);
    shares.push([start, end]);
    start = end;
  }
  return shares;
}

/** Returns the script run by each worker thread: the kernel's own source plus a call on its share of rows. */
function workerSource(): string {
  return `'use strict';
const { workerData } = require('node:worker_threads');
${squaredDistance.toString()}
${pushNeighbor.toString()}
${sortNeighbors.toString()}
${knnRows.toString()}
const { data, n, d, k, start, end, indices, distances } = workerData;
knnRows(
  new Float32Array(data), n, d, k, start, end,
  new Int32Array(indices, start * k * 4, (end - start) * k),
  new Float32Array(distances, start * k * 4, (end - start) * k),
);
`;
}
