// Barnes-Hut approximation of the repulsive t-SNE forces. The traversal functions reference
// nothing outside this file except `space-tree.ts`, because the gradient worker threads
// receive their source text (see `gradient-workers.ts`).
import { buildTree, type SpaceTree } from './space-tree.js';

/**
 * Computes the unnormalised repulsive forces `sum_j q_ij^2 (y_i - y_j)` and the normalisation
 * `Z = sum_{i != j} q_ij` with `q_ij = 1 / (1 + |y_i - y_j|^2)`, summarising a cell by its
 * centre of mass when its side length is below `theta` times its distance to the point.
 *
 * @param embedding - `n x dims` positions, row-major, dims 2 or 3.
 * @param forces - Receives `n x dims` forces (overwritten).
 * @param pointSums - Receives each point's share `sum_j q_ij` of Z (overwritten).
 * @param previous - A tree from the previous call, whose arrays are reused.
 * @returns The tree, to pass as `previous` next time.
 */
export function barnesHutRepulsion(
  embedding: Float64Array,
  n: number,
  dims: number,
  theta: number,
  forces: Float64Array,
  pointSums: Float64Array,
  previous?: SpaceTree,
): SpaceTree {
  const tree = buildTree(embedding, n, dims, previous);
  barnesHutRange(tree, embedding, theta, 0, n, forces, pointSums);
  return tree;
}

/**
 * Runs the Barnes-Hut traversal for the points at positions `start` to `end - 1` of
 * `tree.order`. A point's result does not depend on the range it was computed in.
 */
export function barnesHutRange(
  tree: SpaceTree,
  embedding: Float64Array,
  theta: number,
  start: number,
  end: number,
  forces: Float64Array,
  pointSums: Float64Array,
): void {
  if (tree.dims === 2) repulsion2d(tree, embedding, theta, start, end, forces, pointSums);
  else repulsion3d(tree, embedding, theta, start, end, forces, pointSums);
}

export function repulsion2d(
  tree: SpaceTree,
  embedding: Float64Array,
  theta: number,
  start: number,
  end: number,
  forces: Float64Array,
  pointSums: Float64Array,
): void {
  const { cells, firstChild, firstPoint, nextPoint, order } = tree;
  const stack = new Int32Array(3 * (tree.maxDepth + 1) + 4);
  const theta2 = theta * theta;

  for (let position = start; position < end; position++) {
    const i = order[position];
    const xi = embedding[2 * i];
    const yi = embedding[2 * i + 1];
    let fx = 0;
    let fy = 0;
    let sum = 0;
    let top = 0;
    stack[top++] = 0;

    while (top > 0) {
      const node = stack[--top];
      const cell = 4 * node;
      const count = cells[cell + 3];
      if (count === 0) continue;
      const child = firstChild[node];

      if (child === -1) {
        for (let j = firstPoint[node]; j !== -1; j = nextPoint[j]) {
          if (j === i) continue;
          const dx = xi - embedding[2 * j];
          const dy = yi - embedding[2 * j + 1];
          const q = 1 / (1 + dx * dx + dy * dy);
          sum += q;
          fx += q * q * dx;
          fy += q * q * dy;
        }
        continue;
      }

      const dx = xi - cells[cell];
      const dy = yi - cells[cell + 1];
      const distance2 = dx * dx + dy * dy;
      if (cells[cell + 2] < theta2 * distance2) {
        const q = 1 / (1 + distance2);
        const weight = count * q * q;
        sum += count * q;
        fx += weight * dx;
        fy += weight * dy;
      } else {
        if (cells[4 * child + 3] > 0) stack[top++] = child;
        if (cells[4 * child + 7] > 0) stack[top++] = child + 1;
        if (cells[4 * child + 11] > 0) stack[top++] = child + 2;
        if (cells[4 * child + 15] > 0) stack[top++] = child + 3;
      }
    }

    forces[2 * i] = fx;
    forces[2 * i + 1] = fy;
    pointSums[i] = sum;
  }
}

export function repulsion3d(
  tree: SpaceTree,
  embedding: Float64Array,
  theta: number,
  start: number,
  end: number,
  forces: Float64Array,
  pointSums: Float64Array,
): void {
  const { cells, firstChild, firstPoint, nextPoint, order } = tree;
  const stack = new Int32Array(7 * (tree.maxDepth + 1) + 8);
  const theta2 = theta * theta;

  for (let position = start; position < end; position++) {
    const i = order[position];
    const xi = embedding[3 * i];
    const yi = embedding[3 * i + 1];
    const zi = embedding[3 * i + 2];
    let fx = 0;
    let fy = 0;
    let fz = 0;
    let sum = 0;
    let top = 0;
    stack[top++] = 0;

    while (top > 0) {
      const node = stack[--top];
      const cell = 5 * node;
      const count = cells[cell + 4];
      if (count === 0) continue;
      const child = firstChild[node];

      if (child === -1) {
        for (let j = firstPoint[node]; j !== -1; j = nextPoint[j]) {
          if (j === i) continue;
          const dx = xi - embedding[3 * j];
          const dy = yi - embedding[3 * j + 1];
          const dz = zi - embedding[3 * j + 2];
          const q = 1 / (1 + dx * dx + dy * dy + dz * dz);
          sum += q;
          fx += q * q * dx;
          fy += q * q * dy;
          fz += q * q * dz;
        }
        continue;
      }

      const dx = xi - cells[cell];
      const dy = yi - cells[cell + 1];
      const dz = zi - cells[cell + 2];
      const distance2 = dx * dx + dy * dy + dz * dz;
      if (cells[cell + 3] < theta2 * distance2) {
        const q = 1 / (1 + distance2);
        const weight = count * q * q;
        sum += count * q;
        fx += weight * dx;
        fy += weight * dy;
        fz += weight * dz;
      } else {
        for (let slot = child; slot < child + 8; slot++) if (cells[5 * slot + 4] > 0) stack[top++] = slot;
      }
    }

    forces[3 * i] = fx;
    forces[3 * i + 1] = fy;
    forces[3 * i + 2] = fz;
    pointSums[i] = sum;
  }
}
