import type { Affinities } from './affinities.js';

/**
 * Computes the attractive part of the t-SNE gradient without exaggeration,
 * `sum_j P[i][j] q_ij (y_i - y_j)` with `q_ij = 1 / (1 + |y_i - y_j|^2)`, for rows `start`
 * to `end - 1`, overwriting those rows of `out` (`n x dims`, row-major). It references
 * nothing outside itself, because the gradient worker threads receive its source text.
 *
 * @param rowStart - CSR row offsets of P; `columns` and `values` are its entries.
 */
export function attractiveRange(
  rowStart: Int32Array,
  columns: Int32Array,
  values: Float64Array,
  embedding: Float64Array,
  dims: number,
  start: number,
  end: number,
  out: Float64Array,
): void {
  if (dims === 2) {
    for (let i = start; i < end; i++) {
      const xi = embedding[2 * i];
      const yi = embedding[2 * i + 1];
      let fx = 0;
      let fy = 0;
      for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
        const j = columns[e];
        const dx = xi - embedding[2 * j];
        const dy = yi - embedding[2 * j + 1];
        const pq = values[e] / (1 + dx * dx + dy * dy);
        fx += pq * dx;
        fy += pq * dy;
      }
      out[2 * i] = fx;
      out[2 * i + 1] = fy;
    }
    return;
  }

  for (let i = start; i < end; i++) {
    const xi = embedding[3 * i];
    const yi = embedding[3 * i + 1];
    const zi = embedding[3 * i + 2];
    let fx = 0;
    let fy = 0;
    let fz = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const j = columns[e];
      const dx = xi - embedding[3 * j];
      const dy = yi - embedding[3 * j + 1];
      const dz = zi - embedding[3 * j + 2];
      const pq = values[e] / (1 + dx * dx + dy * dy + dz * dz);
      fx += pq * dx;
      fy += pq * dy;
      fz += pq * dz;
    }
    out[3 * i] = fx;
    out[3 * i + 1] = fy;
    out[3 * i + 2] = fz;
  }
}

/**
 * Computes the Kullback-Leibler divergence `KL(P || Q)` of the embedding in nats, from the
 * normalisation `Z = sum_{i != j} 1 / (1 + |y_i - y_j|^2)` found by the repulsive step:
 * `sum P log P + sum P log(1 + |y_i - y_j|^2) + log Z`, since the entries of P sum to 1.
 */
export function klDivergence(affinities: Affinities, embedding: Float64Array, dims: number, normalization: number): number {
  const { n, rowStart, columns, values } = affinities;
  let crossTerm = 0;
  for (let i = 0; i < n; i++) {
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const j = columns[e];
      let squared = 0;
      for (let c = 0; c < dims; c++) {
        const delta = embedding[dims * i + c] - embedding[dims * j + c];
        squared += delta * delta;
      }
      crossTerm += values[e] * Math.log1p(squared);
    }
  }
  return affinities.entropyTerm + crossTerm + Math.log(normalization);
}
