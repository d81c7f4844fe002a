import type { Neighbors } from './knn.js';

/** Joint probabilities P of the input points as a symmetric sparse matrix in CSR form. */
export interface Affinities {
  /** Number of points. */
  n: number;
  /** Row `i`'s entries are at `rowStart[i]` to `rowStart[i + 1] - 1`; length `n + 1`. */
  rowStart: Int32Array;
  /** Column index of each entry, ascending within a row. */
  columns: Int32Array;
  /** `P[i][j]`; all entries sum to 1. */
  values: Float64Array;
  /** `sum(P log P)`, the constant part of the KL divergence. */
  entropyTerm: number;
}

const ENTROPY_TOLERANCE = 1e-5;
const MAX_BISECTION_STEPS = 200;

/**
 * Computes the conditional probabilities `p(j|i)` of each point's neighbours: a Gaussian
 * kernel whose bandwidth is found by bisection so that the row's perplexity, `exp` of its
 * Shannon entropy in nats, matches `perplexity`.
 *
 * @param neighbors - Each row's `k` neighbours with squared Euclidean distances.
 * @returns `p(j|i)` in the layout of `neighbors.indices`; each row sums to 1.
 */
export function conditionalProbabilities(neighbors: Neighbors, perplexity: number): Float64Array {
  const { k, distances } = neighbors;
  const n = distances.length / k;
  const conditional = new Float64Array(n * k);
  const targetEntropy = Math.log(perplexity);
  const shifted = new Float64Array(k);

  for (let i = 0; i < n; i++) {
    const offset = i * k;

    // Shifting by the smallest distance leaves the normalised row unchanged and keeps the
    // nearest neighbour's weight at exp(0) = 1, so the sum never underflows to zero.
    let smallest = Infinity;
    for (let t = 0; t < k; t++) smallest = Math.min(smallest, distances[offset + t]);
    let mean = 0;
    for (let t = 0; t < k; t++) {
      shifted[t] = distances[offset + t] - smallest;
      mean += shifted[t] / k;
    }

    let beta = mean > 0 ? 1 / mean : 1;
    let betaLow = 0;
    let betaHigh = Infinity;
    let sum = 0;
    for (let step = 0; step < MAX_BISECTION_STEPS; step++) {
      sum = 0;
      let weightedDistance = 0;
      for (let t = 0; t < k; t++) {
        const p = Math.exp(-beta * shifted[t]);
        conditional[offset + t] = p;
        sum += p;
        weightedDistance += p * shifted[t];
      }
      const entropy = Math.log(sum) + (beta * weightedDistance) / sum;
      const difference = entropy - targetEntropy;
      if (Math.abs(difference) < ENTROPY_TOLERANCE) break;
      if (difference > 0) {
        betaLow = beta;
        beta = betaHigh === Infinity ? beta * 2 : (beta + betaHigh) / 2;
      } else {
        betaHigh = beta;
        beta = (beta + betaLow) / 2;
      }
    }

    for (let t = 0; t < k; t++) conditional[offset + t] /= sum;
  }

  return conditional;
}

/**
 * Symmetrises conditional probabilities into joint ones, `P[i][j] = (p(j|i) + p(i|j)) / 2n`,
 * stored as a sparse matrix whose pattern is the union of the kNN graph and its transpose.
 */
export function jointProbabilities(neighbors: Neighbors, conditional: Float64Array): Affinities {
  const { k, indices } = neighbors;
  const n = indices.length / k;

  // Transpose of the kNN graph: for row i, the points j that list i among their neighbours.
  const reverseStart = new Int32Array(n + 1);
  for (let e = 0; e < n * k; e++) reverseStart[indices[e] + 1]++;
  for (let i = 0; i < n; i++) reverseStart[i + 1] += reverseStart[i];
  const reverseSource = new Int32Array(n * k);
  const reverseEntry = new Int32Array(n * k);
  const fill = reverseStart.slice(0, n);
  for (let j = 0; j < n; j++) {
    for (let t = 0; t < k; t++) {
      const i = indices[j * k + t];
      reverseSource[fill[i]] = j;
      reverseEntry[fill[i]] = j * k + t;
      fill[i]++;
    }
  }

  const rowStart = new Int32Array(n + 1);
  const columnsBuffer = new Int32Array(2 * n * k);
  const valuesBuffer = new Float64Array(2 * n * k);
  const scratch = new Float64Array(n);
  const seen = new Uint8Array(n);
  const rowColumns = new Int32Array(2 * k + n);
  const scale = 1 / (2 * n);
  let entries = 0;
  let entropyTerm = 0;

  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let t = 0; t < k; t++) {
      const j = indices[i * k + t];
      if (!seen[j]) {
        seen[j] = 1;
        rowColumns[count++] = j;
      }
      scratch[j] += conditional[i * k + t];
    }
    for (let r = reverseStart[i]; r < reverseStart[i + 1]; r++) {
      const j = reverseSource[r];
      if (!seen[j]) {
        seen[j] = 1;
        rowColumns[count++] = j;
      }
      scratch[j] += conditional[reverseEntry[r]];
    }

    const sorted = rowColumns.subarray(0, count).sort();
    for (const j of sorted) {
      const value = scratch[j] * scale;
      columnsBuffer[entries] = j;
      valuesBuffer[entries] = value;
      entries++;
      if (value > 0) entropyTerm += value * Math.log(value);
      scratch[j] = 0;
      seen[j] = 0;
    }
    rowStart[i + 1] = entries;
  }

  return {
    n,
    rowStart,
    columns: columnsBuffer.slice(0, entries),
    values: valuesBuffer.slice(0, entries),
    entropyTerm,
  };
}
