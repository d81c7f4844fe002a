// Repulsive t-SNE forces in 2-D by FFT-accelerated interpolation (FIt-SNE: Linderman,
// Rachh, Hoskins, Steinerberger and Kluger, Nature Methods 16, 2019).
import { createFftPlan, transformColumns, transformRows, type FftPlan } from './fft.js';

/** Interpolation nodes per box and axis, equispaced at `(m + 0.5) / 3` of the box width. */
const NODES_PER_BOX = 3;
/**
 * Largest distance between neighbouring grid nodes, in embedding units: 3 nodes per unit
 * length, the density of FIt-SNE's defaults (3 interpolation points, 1 interval per unit).
 */
const MAX_NODE_SPACING = 1 / 3;
/** Smallest FFT side, so that tiny embeddings still get a few boxes. */
const MIN_FFT_SIZE = 32;
/** Largest FFT side: its four float64 grids take 128 MiB. */
const MAX_FFT_SIZE = 2048;

/** Complex grid as split real and imaginary parts, `size x size` row-major. */
interface ComplexGrid {
  re: Float64Array;
  im: Float64Array;
}

/** Plans, grids and the last kernel spectrum, reused from one gradient evaluation to the next. */
export interface FftWorkspace {
  plan?: FftPlan;
  gridA?: ComplexGrid;
  gridB?: ComplexGrid;
  kernel?: { spacing: number; nodes: number; spectrum: Float64Array };
}

/** Creates the reusable buffers of {@link fftRepulsion2d}. */
export function createFftWorkspace(): FftWorkspace {
  return {};
}

/**
 * Computes the unnormalised repulsive forces `sum_j q_ij^2 (y_i - y_j)` and the normalisation
 * `Z = sum_{i != j} q_ij` of a 2-D embedding, with `q_ij = 1 / (1 + |y_i - y_j|^2)`.
 *
 * The points' charges `1, x, y, x^2 + y^2` are spread onto a uniform grid by Lagrange
 * interpolation, convolved with the kernel `q^2` by FFT, and interpolated back. Then
 * `sum_j q_ij = (1 + |y_i|^2) phi_1 - 2 y_i . phi_y + phi_|y|^2` gives Z without a second kernel.
 *
 * @param embedding - `n x 2` positions, row-major.
 * @param forces - Receives `n x 2` forces (overwritten).
 * @returns Z.
 */
export function fftRepulsion2d(embedding: Float64Array, n: number, forces: Float64Array, workspace: FftWorkspace): number {
  const grid = chooseGrid(embedding, n);
  const { size, boxes, nodes, low, boxWidth, spacing } = grid;
  if (workspace.plan?.size !== size) {
    workspace.plan = createFftPlan(size);
    workspace.gridA = { re: new Float64Array(size * size), im: new Float64Array(size * size) };
    workspace.gridB = { re: new Float64Array(size * size), im: new Float64Array(size * size) };
    workspace.kernel = undefined;
  }
  const plan = workspace.plan;
  const gridA = workspace.gridA as ComplexGrid;
  const gridB = workspace.gridB as ComplexGrid;
  if (workspace.kernel?.spacing !== spacing || workspace.kernel.nodes !== nodes) {
    workspace.kernel = { spacing, nodes, spectrum: kernelSpectrum(plan, nodes, spacing) };
  }
  const kernel = workspace.kernel.spectrum;

  // Coordinates relative to the box centre keep the charges x^2 + y^2 small, which limits
  // cancellation in the formula for Z.
  const center = low + (boxes * boxWidth) / 2;
  const firstNode = new Int32Array(2 * n);
  const weights = new Float64Array(2 * n * NODES_PER_BOX);
  for (let i = 0; i < n; i++) {
    for (let axis = 0; axis < 2; axis++) {
      const scaled = (embedding[2 * i + axis] - low) / boxWidth;
      const box = Math.min(boxes - 1, Math.max(0, Math.floor(scaled)));
      firstNode[2 * i + axis] = box * NODES_PER_BOX;
      lagrangeWeights(scaled - box, weights, (2 * i + axis) * NODES_PER_BOX);
    }
  }

  // Charges (1, x) go in the real and imaginary parts of one grid, (y, x^2 + y^2) in another.
  for (const g of [gridA, gridB]) {
    g.re.fill(0);
    g.im.fill(0);
  }
  for (let i = 0; i < n; i++) {
    const x = embedding[2 * i] - center;
    const y = embedding[2 * i + 1] - center;
    const radius2 = x * x + y * y;
    const column0 = firstNode[2 * i];
    const row0 = firstNode[2 * i + 1];
    for (let a = 0; a < NODES_PER_BOX; a++) {
      const wy = weights[(2 * i + 1) * NODES_PER_BOX + a];
      for (let b = 0; b < NODES_PER_BOX; b++) {
        const w = wy * weights[2 * i * NODES_PER_BOX + b];
        const cell = (row0 + a) * size + column0 + b;
        gridA.re[cell] += w;
        gridA.im[cell] += w * x;
        gridB.re[cell] += w * y;
        gridB.im[cell] += w * radius2;
      }
    }
  }

  // Only the first `nodes` rows hold charges and only they are read back, so the row
  // transforms skip the others.
  for (const g of [gridA, gridB]) {
    transformRows(plan, g.re, g.im, 0, nodes, false);
    transformColumns(plan, g.re, g.im, 0, size, false);
    for (let k = 0; k < size * size; k++) {
      g.re[k] *= kernel[k];
      g.im[k] *= kernel[k];
    }
    transformColumns(plan, g.re, g.im, 0, size, true);
    transformRows(plan, g.re, g.im, 0, nodes, true);
  }

  let normalization = 0;
  for (let i = 0; i < n; i++) {
    const x = embedding[2 * i] - center;
    const y = embedding[2 * i + 1] - center;
    const column0 = firstNode[2 * i];
    const row0 = firstNode[2 * i + 1];
    let phi1 = 0;
    let phiX = 0;
    let phiY = 0;
    let phiR = 0;
    for (let a = 0; a < NODES_PER_BOX; a++) {
      const wy = weights[(2 * i + 1) * NODES_PER_BOX + a];
      for (let b = 0; b < NODES_PER_BOX; b++) {
        const w = wy * weights[2 * i * NODES_PER_BOX + b];
        const cell = (row0 + a) * size + column0 + b;
        phi1 += w * gridA.re[cell];
        phiX += w * gridA.im[cell];
        phiY += w * gridB.re[cell];
        phiR += w * gridB.im[cell];
      }
    }
    forces[2 * i] = x * phi1 - phiX;
    forces[2 * i + 1] = y * phi1 - phiY;
    // The grid sums include the point itself, whose kernel value is 1.
    normalization += (1 + x * x + y * y) * phi1 - 2 * (x * phiX + y * phiY) + phiR - 1;
  }
  return normalization;
}

/** The interpolation grid: a square of `boxes x boxes` boxes, `nodes = 3 * boxes` nodes a side. */
export interface Grid {
  /** FFT side, a power of two of at least `2 * nodes`, so the circular convolution does not wrap. */
  size: number;
  boxes: number;
  nodes: number;
  /** Lower corner of the square, the same on both axes. */
  low: number;
  boxWidth: number;
  /** Distance between neighbouring nodes: `boxWidth / 3`. */
  spacing: number;
}

/**
 * Picks the smallest FFT size whose grid covers the embedding with nodes at most
 * `MAX_NODE_SPACING` apart. The spacing is rounded up to a power of 2^(1/8), so that the
 * kernel spectrum can be reused while the embedding grows slowly.
 */
export function chooseGrid(embedding: Float64Array, n: number): Grid {
  let low = Infinity;
  let high = -Infinity;
  for (let k = 0; k < 2 * n; k++) {
    low = Math.min(low, embedding[k]);
    high = Math.max(high, embedding[k]);
  }
  const range = Math.max(high - low, 1e-6) * (1 + 1e-9);

  let size = MIN_FFT_SIZE;
  for (;;) {
    const boxes = Math.floor(size / (2 * NODES_PER_BOX));
    const nodes = boxes * NODES_PER_BOX;
    const spacing = 2 ** (Math.ceil(8 * Math.log2(range / nodes)) / 8);
    // NOTE: a layout wider than about 340 units gets a coarser grid, which weakens the
    // short-range repulsion. Method 'fft' can reach it, and 'auto' above about 200,000 points.
    if (spacing <= MAX_NODE_SPACING || size >= MAX_FFT_SIZE) {
      return { size, boxes, nodes, low, boxWidth: spacing * NODES_PER_BOX, spacing };
    }
    size *= 2;
  }
}

/**
 * Returns the FFT of the kernel `1 / (1 + r^2)^2` sampled at node offsets
 * `-(nodes - 1) .. nodes - 1` on both axes, laid out for circular convolution and divided by
 * `size^2` to fold in the scale of the inverse transform. The kernel is real and even, so
 * the spectrum is real.
 */
function kernelSpectrum(plan: FftPlan, nodes: number, spacing: number): Float64Array {
  const { size } = plan;
  const re = new Float64Array(size * size);
  const im = new Float64Array(size * size);
  const offsets = new Float64Array(size).fill(NaN);
  for (let a = 0; a < size; a++) {
    if (a < nodes) offsets[a] = a * spacing;
    else if (a > size - nodes) offsets[a] = (a - size) * spacing;
  }
  for (let a = 0; a < size; a++) {
    if (Number.isNaN(offsets[a])) continue;
    for (let b = 0; b < size; b++) {
      if (Number.isNaN(offsets[b])) continue;
      const q = 1 / (1 + offsets[a] * offsets[a] + offsets[b] * offsets[b]);
      re[a * size + b] = q * q;
    }
  }
  transformRows(plan, re, im, 0, size, false);
  transformColumns(plan, re, im, 0, size, false);
  const scale = 1 / (size * size);
  for (let k = 0; k < size * size; k++) re[k] *= scale;
  return re;
}

/** Writes the 3 Lagrange basis values at `u` in [0, 1] for nodes at 1/6, 1/2 and 5/6. */
function lagrangeWeights(u: number, out: Float64Array, offset: number): void {
  const t0 = 1 / 6;
  const t1 = 1 / 2;
  const t2 = 5 / 6;
  out[offset] = ((u - t1) * (u - t2)) / ((t0 - t1) * (t0 - t2));
  out[offset + 1] = ((u - t0) * (u - t2)) / ((t1 - t0) * (t1 - t2));
  out[offset + 2] = ((u - t0) * (u - t1)) / ((t2 - t0) * (t2 - t1));
}
