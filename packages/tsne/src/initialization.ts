import { createRandom, gaussian } from './random.js';

/** Standard deviation of the first coordinate of a generated initial embedding. */
export const INIT_STD = 1e-4;
const PCA_ITERATIONS = 60;

/** Draws `n x dims` positions from a normal distribution with standard deviation 1e-4. */
export function randomInitialization(n: number, dims: number, seed: number): Float64Array {
  const random = createRandom(seed);
  const embedding = new Float64Array(n * dims);
  for (let k = 0; k < n * dims; k++) embedding[k] = INIT_STD * gaussian(random);
  return embedding;
}

/**
 * Projects the rows onto their first `dims` principal components and scales the result so
 * that the first coordinate has standard deviation 1e-4, as openTSNE's `initialization="pca"`.
 * The components come from 60 steps of subspace iteration started from seeded random
 * vectors. They are not exact eigenvectors, but close enough for a starting layout. Data
 * without any variance falls back to {@link randomInitialization}.
 *
 * @param data - `n x d` row-major matrix.
 */
export function pcaInitialization(data: Float32Array, n: number, d: number, dims: number, seed: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) mean[c] += data[i * d + c];
  for (let c = 0; c < d; c++) mean[c] /= n;

  const random = createRandom(seed);
  let basis: Float64Array = new Float64Array(d * dims);
  for (let k = 0; k < d * dims; k++) basis[k] = gaussian(random);
  orthonormalize(basis, d, dims);

  let projection: Float64Array = new Float64Array(n * dims);
  for (let step = 0; step < PCA_ITERATIONS; step++) {
    projection = project(data, mean, n, d, basis, dims);
    basis = new Float64Array(d * dims);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < d; c++) {
        const centered = data[i * d + c] - mean[c];
        for (let m = 0; m < dims; m++) basis[c * dims + m] += centered * projection[i * dims + m];
      }
    }
    orthonormalize(basis, d, dims);
  }
  projection = project(data, mean, n, d, basis, dims);

  let variance = 0;
  for (let i = 0; i < n; i++) variance += projection[i * dims] ** 2 / n;
  if (!(variance > 0)) return randomInitialization(n, dims, seed);
  const scale = INIT_STD / Math.sqrt(variance);
  for (let k = 0; k < n * dims; k++) projection[k] *= scale;
  return projection;
}

/** Returns `(data - mean) basis`, an `n x dims` matrix. */
function project(data: Float32Array, mean: Float64Array, n: number, d: number, basis: Float64Array, dims: number): Float64Array {
  const projection = new Float64Array(n * dims);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) {
      const centered = data[i * d + c] - mean[c];
      for (let m = 0; m < dims; m++) projection[i * dims + m] += centered * basis[c * dims + m];
    }
  }
  return projection;
}

/** Orthonormalises the `dims` columns of a `d x dims` matrix in place by Gram-Schmidt. */
function orthonormalize(basis: Float64Array, d: number, dims: number): void {
  for (let m = 0; m < dims; m++) {
    for (let previous = 0; previous < m; previous++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += basis[c * dims + m] * basis[c * dims + previous];
      for (let c = 0; c < d; c++) basis[c * dims + m] -= dot * basis[c * dims + previous];
    }
    let norm = 0;
    for (let c = 0; c < d; c++) norm += basis[c * dims + m] ** 2;
    norm = Math.sqrt(norm);
    for (let c = 0; c < d; c++) basis[c * dims + m] = norm > 0 ? basis[c * dims + m] / norm : 0;
  }
}
