/** Rows whose norm is below this fraction of the largest row norm are rebuilt as noise. */
const WEAK_ROW_FRACTION = 1e-4;

/**
 * Turns k x cols float64 rows that are orthogonal up to scale (principal axes times their
 * singular values) into unit float32 components with the sign rule applied.
 *
 * Rows with a norm below 1e-4 of the largest carry directions of (near) zero variance, where
 * float32 rounding dominates. Gram-Schmidt re-orthogonalizes them against every other row, and
 * when nothing is left, the first standard basis vector that is orthogonal enough replaces the
 * row. For zero variance any orthonormal completion is as valid as another.
 */
export function finishComponents(rows: Float64Array, k: number, cols: number): Float32Array {
  const norms = new Float64Array(k);
  for (let i = 0; i < k; i++) norms[i] = Math.sqrt(dot(rows, i * cols, rows, i * cols, cols));
  const largest = Math.max(...norms);

  const weak: number[] = [];
  for (let i = 0; i < k; i++) {
    if (largest > 0 && norms[i]! >= WEAK_ROW_FRACTION * largest) scale(rows, i * cols, cols, 1 / norms[i]!);
    else weak.push(i);
  }

  let nextBasis = 0;
  for (const row of weak) nextBasis = completeRow(rows, k, cols, row, weak, nextBasis);

  for (let i = 0; i < k; i++) flipSign(rows, i * cols, cols);
  return Float32Array.from(rows);
}

/**
 * Flips a component so that its largest-magnitude loading is positive (the sign rule). On ties
 * the first such loading decides. scikit-learn's PCA flips `components_` the same way
 * (`svd_flip(U, Vt, u_based_decision=False)`).
 */
export function flipSign(rows: Float64Array | Float32Array, offset: number, length: number): void {
  let largestIndex = offset;
  for (let j = offset + 1; j < offset + length; j++) {
    if (Math.abs(rows[j]!) > Math.abs(rows[largestIndex]!)) largestIndex = j;
  }
  if (rows[largestIndex]! < 0) {
    for (let j = offset; j < offset + length; j++) rows[j] = -rows[j]!;
  }
}

/**
 * Makes row `target` unit and orthogonal to all rows except the weak rows after it. Standard
 * basis vectors are tried from index `firstBasis` on, since earlier ones were used up by earlier
 * rows. Returns the next index to try.
 */
function completeRow(rows: Float64Array, k: number, cols: number, target: number, weak: number[], firstBasis: number): number {
  const others: number[] = [];
  for (let i = 0; i < k; i++) {
    if (i !== target && !(weak.includes(i) && i > target)) others.push(i);
  }

  const candidate = rows.subarray(target * cols, (target + 1) * cols);
  if (orthogonalize(candidate, rows, others, cols) > 0.5) return firstBasis;

  // The squared projections of all unit vectors onto the span of the others sum to its
  // dimension (< k), and a failing unit vector has one of at least 0.75, so at most 4k/3 fail.
  const tries = Math.min(cols, Math.ceil((4 * k) / 3) + 1);
  let best = firstBasis;
  let bestRemaining = -1;
  for (let attempt = 0; attempt < tries; attempt++) {
    const basis = (firstBasis + attempt) % cols;
    const remaining = orthogonalize(unitVector(candidate, basis), rows, others, cols);
    if (remaining > 0.5) return basis + 1;
    if (remaining > bestRemaining) [best, bestRemaining] = [basis, remaining];
  }

  // Only when the others span almost all columns: the unit vector with the largest part outside.
  orthogonalize(unitVector(candidate, best), rows, others, cols);
  return best + 1;
}

function unitVector(target: Float64Array, index: number): Float64Array {
  target.fill(0);
  target[index] = 1;
  return target;
}

/** Removes the span of rows `others` from `vector` twice, normalizes it and returns the norm it had. */
function orthogonalize(vector: Float64Array, rows: Float64Array, others: number[], cols: number): number {
  const initial = Math.sqrt(dot(vector, 0, vector, 0, cols));
  if (initial === 0) return 0;
  scale(vector, 0, cols, 1 / initial);

  for (let pass = 0; pass < 2; pass++) {
    for (const other of others) {
      const projection = dot(vector, 0, rows, other * cols, cols);
      for (let j = 0; j < cols; j++) vector[j] -= projection * rows[other * cols + j]!;
    }
  }

  const remaining = Math.sqrt(dot(vector, 0, vector, 0, cols));
  if (remaining > 0) scale(vector, 0, cols, 1 / remaining);
  return remaining;
}

function dot(x: Float64Array, xOffset: number, y: Float64Array, yOffset: number, length: number): number {
  let sum = 0;
  for (let j = 0; j < length; j++) sum += x[xOffset + j]! * y[yOffset + j]!;
  return sum;
}

function scale(x: Float64Array, offset: number, length: number, factor: number): void {
  for (let j = offset; j < offset + length; j++) x[j] = x[j]! * factor;
}
