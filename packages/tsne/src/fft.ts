// Radix-2 fast Fourier transforms of square complex grids stored as split real and
// imaginary row-major arrays.

/** Twiddle factors and bit-reversal permutation for transforms of one power-of-two size. */
export interface FftPlan {
  size: number;
  /**
   * Twiddle factors `exp(-2 pi i k / (2h))`, `k < h`, of the butterfly stage with half-length
   * `h` at offset `h - 1` (real parts in `twiddleRe`, imaginary parts in `twiddleIm`).
   */
  twiddleRe: Float64Array;
  twiddleIm: Float64Array;
  /** Bit-reversed index of every `k < size`. */
  reversed: Int32Array;
}

/** Precomputes the tables for transforms of `size` points, a power of two of at least 2. */
export function createFftPlan(size: number): FftPlan {
  const bits = Math.round(Math.log2(size));
  const twiddleRe = new Float64Array(size);
  const twiddleIm = new Float64Array(size);
  for (let half = 1; half < size; half *= 2) {
    for (let k = 0; k < half; k++) {
      twiddleRe[half - 1 + k] = Math.cos((Math.PI * k) / half);
      twiddleIm[half - 1 + k] = -Math.sin((Math.PI * k) / half);
    }
  }
  const reversed = new Int32Array(size);
  for (let k = 0; k < size; k++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((k >> b) & 1) << (bits - 1 - b);
    reversed[k] = r;
  }
  return { size, twiddleRe, twiddleIm, reversed };
}

/**
 * Transforms rows `firstRow` to `lastRow - 1` of a `size x size` grid in place along each
 * row: `X[k] = sum_j x[j] exp(-2 pi i jk / N)`, or with `inverse` the conjugate sum without
 * the `1/N` factor.
 */
export function transformRows(
  plan: FftPlan,
  re: Float64Array,
  im: Float64Array,
  firstRow: number,
  lastRow: number,
  inverse: boolean,
): void {
  const { size, twiddleRe, twiddleIm, reversed } = plan;
  const sign = inverse ? -1 : 1;

  for (let row = firstRow; row < lastRow; row++) {
    const base = row * size;
    for (let k = 0; k < size; k++) {
      const r = reversed[k];
      if (r > k) {
        const a = base + k;
        const b = base + r;
        let t = re[a];
        re[a] = re[b];
        re[b] = t;
        t = im[a];
        im[a] = im[b];
        im[b] = t;
      }
    }

    for (let a = base; a < base + size; a += 2) {
      const tr = re[a + 1];
      const ti = im[a + 1];
      re[a + 1] = re[a] - tr;
      im[a + 1] = im[a] - ti;
      re[a] += tr;
      im[a] += ti;
    }

    for (let half = 2; half < size; half *= 2) {
      for (let start = base; start < base + size; start += 2 * half) {
        for (let k = 0; k < half; k++) {
          const wr = twiddleRe[half - 1 + k];
          const wi = sign * twiddleIm[half - 1 + k];
          const a = start + k;
          const b = a + half;
          const tr = re[b] * wr - im[b] * wi;
          const ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }
}

/**
 * Transforms columns `firstColumn` to `lastColumn - 1` of a `size x size` grid in place along
 * each column, like {@link transformRows}. Every butterfly runs over whole row segments, so
 * the inner loop reads memory in order.
 */
export function transformColumns(
  plan: FftPlan,
  re: Float64Array,
  im: Float64Array,
  firstColumn: number,
  lastColumn: number,
  inverse: boolean,
): void {
  const { size, twiddleRe, twiddleIm, reversed } = plan;
  const sign = inverse ? -1 : 1;

  for (let k = 0; k < size; k++) {
    const r = reversed[k];
    if (r <= k) continue;
    for (let c = firstColumn; c < lastColumn; c++) {
      const a = k * size + c;
      const b = r * size + c;
      let t = re[a];
      re[a] = re[b];
      re[b] = t;
      t = im[a];
      im[a] = im[b];
      im[b] = t;
    }
  }

  for (let half = 1; half < size; half *= 2) {
    for (let start = 0; start < size; start += 2 * half) {
      for (let k = 0; k < half; k++) {
        const wr = twiddleRe[half - 1 + k];
        const wi = sign * twiddleIm[half - 1 + k];
        const a = (start + k) * size;
        const b = a + half * size;
        for (let c = firstColumn; c < lastColumn; c++) {
          const tr = re[b + c] * wr - im[b + c] * wi;
          const ti = re[b + c] * wi + im[b + c] * wr;
          re[b + c] = re[a + c] - tr;
          im[b + c] = im[a + c] - ti;
          re[a + c] += tr;
          im[a + c] += ti;
        }
      }
    }
  }
}
