import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Eigenpairs of a symmetric matrix, sorted by decreasing eigenvalue. */
export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** Unit eigenvectors as rows: row i (length n) belongs to `values[i]`. */
  vectors: Float64Array;
}

/**
 * Decomposes a symmetric n x n matrix (row-major float64; the mean of it and its transpose is
 * used) with ml-matrix's Householder tridiagonalization and implicit QL iteration, and returns
 * the `count` largest eigenpairs. Cost grows as n^3: well under a second for n = 500.
 */
export function symmetricEigen(matrix: Float64Array, n: number, count: number): SymmetricEigen {
  const symmetric = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) symmetric.set(i, j, 0.5 * (matrix[i * n + j]! + matrix[j * n + i]!));
  }

  const decomposition = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true });
  const eigenvalues = decomposition.realEigenvalues;
  const eigenvectors = decomposition.eigenvectorMatrix;
  const order = eigenvalues.map((_, index) => index).sort((x, y) => eigenvalues[y]! - eigenvalues[x]! || x - y);

  const values = new Float64Array(count);
  const vectors = new Float64Array(count * n);
  for (let rank = 0; rank < count; rank++) {
    const source = order[rank]!;
    values[rank] = eigenvalues[source]!;
    for (let i = 0; i < n; i++) vectors[rank * n + i] = eigenvectors.get(i, source);
  }
  return { values, vectors };
}
