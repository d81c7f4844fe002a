import { tridiagonalize } from './tridiagonalize.js';

/** Eigenpairs of a symmetric matrix, sorted by decreasing eigenvalue. */
export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** Unit eigenvectors as rows: row i (length n) belongs to `values[i]`. */
  vectors: Float64Array;
}

/** Implicit QL sweeps allowed per eigenvalue; EISPACK's tql2 allows 30. */
const MAX_QL_ITERATIONS = 60;

/**
 * Decomposes a symmetric n x n matrix (row-major float64; the mean of it and its transpose is
 * used) by Householder tridiagonalization and implicit QL iteration, and returns the `count`
 * largest eigenpairs. Cost grows as n^3. Throws RangeError when the iteration does not converge
 * (non-finite entries).
 */
export function symmetricEigen(matrix: Float64Array, n: number, count: number): SymmetricEigen {
  // V contains the transposed eigenvector matrix, so eigenvector i ends up as row i.
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) V[i * n + j] = 0.5 * (matrix[i * n + j]! + matrix[j * n + i]!);
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(n, e, d, V);
  tql2(n, e, d, V);

  // tql2 sorts ascending; take the largest first.
  const values = new Float64Array(count);
  const vectors = new Float64Array(count * n);
  for (let rank = 0; rank < count; rank++) {
    const source = n - 1 - rank;
    values[rank] = d[source]!;
    vectors.set(V.subarray(source * n, (source + 1) * n), rank * n);
  }
  return { values, vectors };
}

// tql2 below and tred2 in tridiagonalize.ts are the routines of JAMA (public domain), ported from
// the transposed-storage form of ml-matrix 6.15 (MIT) onto a flat Float64Array: V[a * n + b] is
// V.get(a, b).

function tql2(n: number, e: Float64Array, d: Float64Array, V: Float64Array): void {
  let g: number, h: number, i: number, j: number, k: number, l: number, m: number, p: number, r: number;
  let dl1: number, c: number, c2: number, c3: number, el1: number, s: number, s2: number, iter: number;

  for (i = 1; i < n; i++) {
    e[i - 1] = e[i];
  }

  e[n - 1] = 0;

  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;

  for (l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) {
        break;
      }
      m++;
    }

    if (m > l) {
      iter = 0;
      do {
        iter = iter + 1;
        if (iter > MAX_QL_ITERATIONS) {
          throw new RangeError(
            `symmetricEigen: QL iteration did not converge for eigenvalue ${l}; the matrix has non-finite or overflowing entries`,
          );
        }

        g = d[l];
        p = (d[l + 1] - g) / (2 * e[l]);
        r = Math.hypot(p, 1);
        if (p < 0) {
          r = -r;
        }

        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        dl1 = d[l + 1];
        h = g - d[l];
        for (i = l + 2; i < n; i++) {
          d[i] -= h;
        }

        f = f + h;

        p = d[m];
        c = 1;
        c2 = c;
        c3 = c;
        el1 = e[l + 1];
        s = 0;
        s2 = 0;
        for (i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);

          for (k = 0; k < n; k++) {
            h = V[(i + 1) * n + k];
            V[(i + 1) * n + k] = s * V[i * n + k] + c * h;
            V[i * n + k] = c * V[i * n + k] - s * h;
          }
        }

        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] = d[l] + f;
    e[l] = 0;
  }

  for (i = 0; i < n - 1; i++) {
    k = i;
    p = d[i];
    for (j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }

    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      for (j = 0; j < n; j++) {
        p = V[i * n + j];
        V[i * n + j] = V[k * n + j];
        V[k * n + j] = p;
      }
    }
  }
}
