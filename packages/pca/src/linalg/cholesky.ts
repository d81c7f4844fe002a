/**
 * Factors `gram + shift * I = R^T R` for a symmetric n x n matrix (row-major float64) and
 * returns the upper-triangular R, row-major, with its lower triangle zero.
 *
 * The shift starts at `relativeShift * max(diag(gram))`. When a pivot is not positive (the
 * matrix is singular or not positive definite to working precision) the factorization starts
 * again with a shift 10 times larger, at least 1e-7 times the largest diagonal entry. Returns
 * null only for a zero or non-finite matrix.
 */
export function shiftedCholesky(gram: Float64Array, n: number, relativeShift: number): Float64Array | null {
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, gram[i * n + i]!);
  if (!(maxDiagonal > 0) || !Number.isFinite(maxDiagonal)) return null;

  let shift = relativeShift * maxDiagonal;
  for (;;) {
    const factor = tryCholesky(gram, n, shift);
    if (factor) return factor;
    shift = Math.max(shift * 10, 1e-7 * maxDiagonal);
  }
}

function tryCholesky(gram: Float64Array, n: number, shift: number): Float64Array | null {
  const r = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let pivot = gram[i * n + i]! + shift;
    for (let p = 0; p < i; p++) pivot -= r[p * n + i]! * r[p * n + i]!;
    if (!(pivot > 0)) return null;
    const diagonal = Math.sqrt(pivot);
    r[i * n + i] = diagonal;

    for (let j = i + 1; j < n; j++) {
      let value = gram[i * n + j]!;
      for (let p = 0; p < i; p++) value -= r[p * n + i]! * r[p * n + j]!;
      r[i * n + j] = value / diagonal;
    }
  }
  return r;
}

/** Inverts an upper-triangular n x n matrix (row-major float64) by back substitution. */
export function invertUpperTriangular(r: Float64Array, n: number): Float64Array {
  const inverse = new Float64Array(n * n);
  for (let column = 0; column < n; column++) {
    inverse[column * n + column] = 1 / r[column * n + column]!;
    for (let i = column - 1; i >= 0; i--) {
      let sum = 0;
      for (let p = i + 1; p <= column; p++) sum += r[i * n + p]! * inverse[p * n + column]!;
      inverse[i * n + column] = -sum / r[i * n + i]!;
    }
  }
  return inverse;
}
