import { checkSplit, gatherImages, gatherLabels } from './gather.js';
import type { MnistSplit } from './mnist.js';
import { oneHot, type ImageBatch, type OneHotLabels } from './preprocess.js';
import { deriveSeed, shuffledIndices } from './random.js';

/** Options of {@link batchIterator}. */
export interface BatchIteratorOptions {
  /** Images per batch. @default 32 */
  batchSize?: number;
  /** Safe integer seed of the shuffle. The same seed and epoch give the same order. */
  seed: number;
  /** Epoch number, 0 for the first. Each epoch gets its own order. @default 0 */
  epoch?: number;
  /** Whether to shuffle. With `false`, batches follow file order. @default true */
  shuffle?: boolean;
  /** Whether to skip the last batch when it has fewer than `batchSize` images. @default false */
  dropRemainder?: boolean;
}

/** One training batch, ready for a model with a `[height, width, 1]` input and 10 classes. */
export interface MnistBatch {
  /** Images scaled to [0, 1], shape `[b, height, width, 1]`. */
  xs: ImageBatch;
  /** One-hot labels, shape `[b, 10]`. */
  ys: OneHotLabels;
  /** Index of each image in the split, shape `[b]`. */
  indices: Int32Array;
  /** Batch number within the epoch, from 0. */
  step: number;
}

/**
 * Yields the batches of one epoch in a seeded shuffled order, normalising and one-hot encoding
 * each batch when it is requested, so only the current batch is held in float32.
 *
 * The order is a permutation seeded by a hash of (`seed`, `epoch`): epochs differ from each
 * other, and the same seed and epoch give the same order in every run. Every image appears
 * exactly once per epoch, except the last partial batch when `dropRemainder` is true.
 *
 * @param split - The split to iterate over, as returned by {@link loadMnist}.
 * @param options - See {@link BatchIteratorOptions}.
 * @returns A generator of {@link stepsPerEpoch} batches.
 * @throws RangeError at call time when `batchSize`, `seed` or `epoch` is invalid or the split's
 *   arrays do not match its sizes, and while iterating when a label is 10 or more.
 */
export function batchIterator(split: MnistSplit, options: BatchIteratorOptions): Generator<MnistBatch> {
  const { batchSize = 32, seed, epoch = 0, shuffle = true, dropRemainder = false } = options;
  checkSplit('batchIterator', split);
  checkPositiveInteger('batchIterator', 'batchSize', batchSize);
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`batchIterator: options.seed must be a safe integer, received ${seed}.`);
  }
  if (!Number.isSafeInteger(epoch) || epoch < 0) {
    throw new RangeError(`batchIterator: options.epoch must be a non-negative integer, received ${epoch}.`);
  }

  const order = shuffle ? shuffledIndices(split.count, deriveSeed(seed, epoch)) : identity(split.count);
  return generateBatches(split, order, batchSize, stepsPerEpoch(split.count, batchSize, dropRemainder));
}

function* generateBatches(split: MnistSplit, order: Int32Array, batchSize: number, steps: number): Generator<MnistBatch> {
  for (let step = 0; step < steps; step++) {
    const indices = order.slice(step * batchSize, (step + 1) * batchSize);
    yield {
      xs: gatherImages(split, indices),
      ys: oneHot(gatherLabels(split, indices), 10),
      indices,
      step,
    };
  }
}

/**
 * Returns the number of batches in one epoch.
 *
 * @param count - Number of images.
 * @param batchSize - Images per batch.
 * @param dropRemainder - Whether a last partial batch is skipped. @default false
 * @returns `ceil(count / batchSize)`, or `floor(count / batchSize)` when `dropRemainder` is true.
 * @throws RangeError when `count` is not a non-negative integer or `batchSize` not a positive one.
 */
export function stepsPerEpoch(count: number, batchSize: number, dropRemainder = false): number {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`stepsPerEpoch: count must be a non-negative integer, received ${count}.`);
  }
  checkPositiveInteger('stepsPerEpoch', 'batchSize', batchSize);
  return dropRemainder ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

function checkPositiveInteger(operation: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${operation}: ${name} must be a positive integer, received ${value}.`);
  }
}

function identity(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
