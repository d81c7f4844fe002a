// Quadtree (2-D) and octree (3-D) over the embedding, the data structure of Barnes-Hut.
// The functions here reference nothing outside this file, because the gradient worker
// threads receive their source text (see `gradient-workers.ts`).

/** Deepest level of the tree; points closer than the root width / 2^40 share a leaf. */
export const MAX_TREE_DEPTH = 40;

/** A quadtree or octree in flat arrays; node 0 is the root and the children of a node are stored together. */
export interface SpaceTree {
  dims: number;
  nodes: number;
  /** Deepest level a node can have ({@link MAX_TREE_DEPTH}), to size traversal stacks. */
  maxDepth: number;
  /** Geometric centre of each cell, `dims` values per node. */
  center: Float64Array;
  /** Half the side length of each (square or cubic) cell. */
  halfWidth: Float64Array;
  /** Number of points in each cell. */
  count: Int32Array;
  /** Sum of the positions in each cell, `dims` values per node. */
  positionSum: Float64Array;
  /** Index of the first of the `2^dims` children, or -1 for a leaf. */
  firstChild: Int32Array;
  /** First point of a leaf's linked list (through `nextPoint`), or -1 when empty. */
  firstPoint: Int32Array;
  nextPoint: Int32Array;
  /**
   * Per node, `dims + 2` values: the centre of mass, the squared side length and the point
   * count, side by side so that a traversal reads one cache line per cell.
   */
  cells: Float64Array;
  /** All points in depth-first order of their leaves, so that neighbours in the list are near in space. */
  order: Int32Array;
}

/**
 * Builds the tree over the bounding square or cube of `n` points of a row-major `n x dims`
 * embedding, reusing the arrays of `previous` (a tree of the same `n` and `dims`) when given.
 */
export function buildTree(embedding: Float64Array, n: number, dims: number, previous?: SpaceTree): SpaceTree {
  let tree: SpaceTree;
  if (previous === undefined) {
    const capacity = Math.max(16, n * (1 << dims));
    tree = {
      dims,
      nodes: 1,
      maxDepth: MAX_TREE_DEPTH,
      center: new Float64Array(capacity * dims),
      halfWidth: new Float64Array(capacity),
      count: new Int32Array(capacity),
      positionSum: new Float64Array(capacity * dims),
      firstChild: new Int32Array(capacity).fill(-1),
      firstPoint: new Int32Array(capacity).fill(-1),
      nextPoint: new Int32Array(n).fill(-1),
      cells: new Float64Array(0),
      order: new Int32Array(n),
    };
  } else {
    tree = previous;
    const used = tree.nodes;
    tree.count.fill(0, 0, used);
    tree.positionSum.fill(0, 0, used * dims);
    tree.firstChild.fill(-1, 0, used);
    tree.firstPoint.fill(-1, 0, used);
    tree.nextPoint.fill(-1);
    tree.nodes = 1;
  }

  let half = 0;
  for (let c = 0; c < dims; c++) {
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < n; i++) {
      low = Math.min(low, embedding[i * dims + c]);
      high = Math.max(high, embedding[i * dims + c]);
    }
    tree.center[c] = (low + high) / 2;
    half = Math.max(half, (high - low) / 2);
  }
  tree.halfWidth[0] = half * (1 + 1e-6) + 1e-12;

  for (let i = 0; i < n; i++) insertPoint(tree, embedding, i);

  const stride = dims + 2;
  if (tree.cells.length < tree.nodes * stride) tree.cells = new Float64Array(tree.halfWidth.length * stride);
  const cells = tree.cells;
  for (let node = 0; node < tree.nodes; node++) {
    const count = tree.count[node];
    for (let c = 0; c < dims; c++) cells[node * stride + c] = count > 0 ? tree.positionSum[node * dims + c] / count : 0;
    const width = 2 * tree.halfWidth[node];
    cells[node * stride + dims] = width * width;
    cells[node * stride + dims + 1] = count;
  }

  listPointsDepthFirst(tree);
  return tree;
}

/** Inserts point `i`, splitting a leaf when it meets a point at another position above the depth limit. */
export function insertPoint(tree: SpaceTree, embedding: Float64Array, i: number): void {
  const dims = tree.dims;
  let node = 0;
  let depth = 0;

  for (;;) {
    tree.count[node]++;
    for (let c = 0; c < dims; c++) tree.positionSum[node * dims + c] += embedding[i * dims + c];

    if (tree.firstChild[node] !== -1) {
      node = tree.firstChild[node] + childSlot(tree, node, embedding, i);
      depth++;
      continue;
    }

    const resident = tree.firstPoint[node];
    if (resident === -1 || depth >= MAX_TREE_DEPTH || samePosition(embedding, dims, resident, i)) {
      tree.nextPoint[i] = resident;
      tree.firstPoint[node] = i;
      return;
    }

    splitLeaf(tree, embedding, node);
    node = tree.firstChild[node] + childSlot(tree, node, embedding, i);
    depth++;
  }
}

/** Turns a leaf into an internal node and moves its points, which share one position, into a child. */
export function splitLeaf(tree: SpaceTree, embedding: Float64Array, node: number): void {
  const dims = tree.dims;
  const children = 1 << dims;
  if (tree.nodes + children > tree.halfWidth.length) growTree(tree, 2 * (tree.nodes + children));
  const first = tree.nodes;
  tree.nodes += children;
  const half = tree.halfWidth[node] / 2;

  for (let slot = 0; slot < children; slot++) {
    const child = first + slot;
    tree.halfWidth[child] = half;
    for (let c = 0; c < dims; c++) {
      const sign = (slot >> c) & 1 ? 1 : -1;
      tree.center[child * dims + c] = tree.center[node * dims + c] + sign * half;
    }
  }
  tree.firstChild[node] = first;

  const resident = tree.firstPoint[node];
  const target = first + childSlot(tree, node, embedding, resident);
  tree.firstPoint[target] = resident;
  tree.firstPoint[node] = -1;
  for (let p = resident; p !== -1; p = tree.nextPoint[p]) {
    tree.count[target]++;
    for (let c = 0; c < dims; c++) tree.positionSum[target * dims + c] += embedding[p * dims + c];
  }
}

/** Reallocates the node arrays with room for `capacity` nodes. */
export function growTree(tree: SpaceTree, capacity: number): void {
  const dims = tree.dims;
  const center = new Float64Array(capacity * dims);
  center.set(tree.center);
  tree.center = center;
  const halfWidth = new Float64Array(capacity);
  halfWidth.set(tree.halfWidth);
  tree.halfWidth = halfWidth;
  const count = new Int32Array(capacity);
  count.set(tree.count);
  tree.count = count;
  const positionSum = new Float64Array(capacity * dims);
  positionSum.set(tree.positionSum);
  tree.positionSum = positionSum;
  const firstChild = new Int32Array(capacity).fill(-1);
  firstChild.set(tree.firstChild);
  tree.firstChild = firstChild;
  const firstPoint = new Int32Array(capacity).fill(-1);
  firstPoint.set(tree.firstPoint);
  tree.firstPoint = firstPoint;
}

/** Returns which child of `node` contains point `i`: bit `c` is set when coordinate `c` is above the centre. */
export function childSlot(tree: SpaceTree, node: number, embedding: Float64Array, i: number): number {
  const dims = tree.dims;
  let slot = 0;
  for (let c = 0; c < dims; c++) {
    if (embedding[i * dims + c] > tree.center[node * dims + c]) slot |= 1 << c;
  }
  return slot;
}

export function samePosition(embedding: Float64Array, dims: number, a: number, b: number): boolean {
  for (let c = 0; c < dims; c++) if (embedding[a * dims + c] !== embedding[b * dims + c]) return false;
  return true;
}

/** Fills `tree.order` with the points leaf by leaf in depth-first order. */
export function listPointsDepthFirst(tree: SpaceTree): void {
  const children = 1 << tree.dims;
  const stack = new Int32Array((children - 1) * (MAX_TREE_DEPTH + 1) + children);
  let top = 0;
  let position = 0;
  stack[top++] = 0;
  while (top > 0) {
    const node = stack[--top];
    const child = tree.firstChild[node];
    if (child === -1) {
      for (let p = tree.firstPoint[node]; p !== -1; p = tree.nextPoint[p]) tree.order[position++] = p;
    } else {
      for (let slot = children - 1; slot >= 0; slot--) stack[top++] = child + slot;
    }
  }
}
