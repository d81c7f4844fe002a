// Worker threads that share the Barnes-Hut and attractive-force work of each iteration.
import type { Worker } from 'node:worker_threads';
import { attractiveRange } from './attractive.js';
import type { Affinities } from './affinities.js';
import { barnesHutRange, repulsion2d, repulsion3d } from './barnes-hut.js';
import {
  buildTree,
  childSlot,
  growTree,
  insertPoint,
  listPointsDepthFirst,
  MAX_TREE_DEPTH,
  samePosition,
  splitLeaf,
  type SpaceTree,
} from './space-tree.js';

// Slots of the shared control array.
const GENERATION = 0;
const PENDING = 1;
const TASK = 2;

/** Signature of `Atomics.waitAsync` (Node 16 and later), missing from the ES2022 library types. */
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };

const TASK_ATTRACTIVE = 1;
const TASK_BARNES_HUT = 2;
const TASK_STOP = 4;

/** Splits `0..count-1` into `parts` contiguous ranges of nearly equal length. */
export function splitRange(count: number, parts: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let t = 0; t < parts; t++) ranges.push([Math.floor((t * count) / parts), Math.floor(((t + 1) * count) / parts)]);
  return ranges;
}

/**
 * A pool of `threads - 1` worker threads that, together with the calling thread, computes
 * the attractive forces, split by rows, and the Barnes-Hut repulsion, split by position in
 * the tree's point order. Each thread builds the same tree. All buffers live in shared
 * memory and the threads meet at a barrier built on `Atomics.wait` and `Atomics.waitAsync`,
 * so an iteration sends no messages. A point's forces are computed by the same code whichever thread runs it.
 */
export class GradientPool {
  readonly embedding: Float64Array;
  readonly attractive: Float64Array;
  readonly repulsion: Float64Array;
  readonly pointSums: Float64Array;
  private readonly control: Int32Array;
  private readonly workers: Worker[];
  private readonly rowRanges: Array<[number, number]>;
  /** Rejects when a worker thread fails or exits, so that `run` cannot wait forever. */
  private readonly failure: Promise<never>;
  private tree: SpaceTree | undefined;
  private closing = false;

  private constructor(
    private readonly affinities: Affinities,
    private readonly dims: number,
    private readonly theta: number,
    shared: {
      embedding: Float64Array;
      attractive: Float64Array;
      repulsion: Float64Array;
      pointSums: Float64Array;
      control: Int32Array;
    },
    workers: Worker[],
  ) {
    this.embedding = shared.embedding;
    this.attractive = shared.attractive;
    this.repulsion = shared.repulsion;
    this.pointSums = shared.pointSums;
    this.control = shared.control;
    this.workers = workers;
    this.rowRanges = splitRange(affinities.n, workers.length + 1);
    this.failure = new Promise<never>((_, reject) => {
      for (const worker of workers) {
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (!this.closing) {
            reject(
              new Error(
                `tsne: a gradient worker thread exited with code ${code}; retry with threads: 1 to run on this thread only.`,
              ),
            );
          }
        });
      }
    });
    this.failure.catch(() => undefined);
  }

  /** Starts the worker threads; `embedding` is copied into shared memory. */
  static async create(
    affinities: Affinities,
    embedding: Float64Array,
    dims: number,
    theta: number,
    threads: number,
  ): Promise<GradientPool> {
    const { Worker } = await import('node:worker_threads');
    const { n } = affinities;
    const sharedFloat64 = (length: number) => new Float64Array(new SharedArrayBuffer(8 * length));
    const shared = {
      embedding: sharedFloat64(n * dims),
      attractive: sharedFloat64(n * dims),
      repulsion: sharedFloat64(n * dims),
      pointSums: sharedFloat64(n),
      control: new Int32Array(new SharedArrayBuffer(4 * 4)),
    };
    shared.embedding.set(embedding);
    const rowStart = new Int32Array(new SharedArrayBuffer(4 * affinities.rowStart.length));
    rowStart.set(affinities.rowStart);
    const columns = new Int32Array(new SharedArrayBuffer(4 * affinities.columns.length));
    columns.set(affinities.columns);
    const values = sharedFloat64(affinities.values.length);
    values.set(affinities.values);

    const ranges = splitRange(n, threads);
    const workers = ranges.slice(1).map(([start, end]) => {
      const worker = new Worker(workerSource(), {
        eval: true,
        workerData: { ...shared, rowStart, columns, values, n, dims, theta, start, end },
      });
      // NOTE: the workers stay referenced: while `run` awaits `Atomics.waitAsync`, they are
      // what keeps Node's event loop alive. `close` ends them.
      return worker;
    });
    return new GradientPool(affinities, dims, theta, shared, workers);
  }

  /**
   * Fills `attractive` and, when `barnesHut` is set, `repulsion` and `pointSums` for the
   * current `embedding`, using all threads.
   *
   * @throws Error when a worker thread failed.
   */
  async run(barnesHut: boolean): Promise<void> {
    const { control, affinities, dims } = this;
    const task = TASK_ATTRACTIVE | (barnesHut ? TASK_BARNES_HUT : 0);
    Atomics.store(control, TASK, task);
    Atomics.store(control, PENDING, this.workers.length);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);

    const [start, end] = this.rowRanges[0];
    attractiveRange(
      affinities.rowStart,
      affinities.columns,
      affinities.values,
      this.embedding,
      dims,
      start,
      end,
      this.attractive,
    );
    if (barnesHut) {
      this.tree = buildTree(this.embedding, affinities.n, dims, this.tree);
      barnesHutRange(this.tree, this.embedding, this.theta, start, end, this.repulsion, this.pointSums);
    }

    const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
    for (;;) {
      const pending = Atomics.load(control, PENDING);
      if (pending === 0) break;
      const wait = waitAsync(control, PENDING, pending);
      if (wait.async) await Promise.race([wait.value, this.failure]);
    }
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    this.closing = true;
    Atomics.store(this.control, TASK, TASK_STOP);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** Returns the script of a worker thread: the kernels' own source plus a loop that waits for tasks. */
function workerSource(): string {
  const kernels = [
    buildTree,
    insertPoint,
    splitLeaf,
    growTree,
    childSlot,
    samePosition,
    listPointsDepthFirst,
    barnesHutRange,
    repulsion2d,
    repulsion3d,
    attractiveRange,
  ];
  return `'use strict';
const { workerData } = require('node:worker_threads');
const MAX_TREE_DEPTH = ${MAX_TREE_DEPTH};
${kernels.map((kernel) => kernel.toString()).join('\n')}
const { embedding, attractive, repulsion, pointSums, control, rowStart, columns, values, n, dims, theta, start, end } = workerData;
let generation = 0;
let tree;
for (;;) {
  Atomics.wait(control, ${GENERATION}, generation);
  generation = Atomics.load(control, ${GENERATION});
  const task = Atomics.load(control, ${TASK});
  if (task & ${TASK_STOP}) break;
  if (task & ${TASK_ATTRACTIVE}) attractiveRange(rowStart, columns, values, embedding, dims, start, end, attractive);
  if (task & ${TASK_BARNES_HUT}) {
    tree = buildTree(embedding, n, dims, tree);
    barnesHutRange(tree, embedding, theta, start, end, repulsion, pointSums);
  }
  if (Atomics.sub(control, ${PENDING}, 1) === 1) Atomics.notify(control, ${PENDING});
}
`;
}
