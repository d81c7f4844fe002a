import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';

import { dispose, getBackend, type Optimizer, type Variable } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { GradientExchange } from './gradient-exchange.js';
import { KerasAdadelta } from './keras-adadelta.js';
import { createSeededIntegers } from './prng.js';
import type { ReplicaInit, StateEntry } from './replica-messages.js';
import { ReplicaPool } from './replica-pool.js';
import { applySummedGradients, computeShardGradients, shardOf, shardRanges } from './shard-gradients.js';
import { trainModel } from './train.js';
import { runTrainingLoop, validateBatch, validateTrainingOptions, type StepRunner } from './training-loop.js';
import type { TrainingOptions, TrainingResult } from './training-types.js';

/** Options of {@link trainModelParallel}: those of `trainModel` plus the threads to use. */
export interface ParallelTrainingOptions extends TrainingOptions {
  /**
   * Number of replicas that compute gradients, the calling thread included; `workers - 1` worker
   * threads are started. With 1 the call is `trainModel`.
   * @default Math.min(os.availableParallelism(), 4)
   */
  workers?: number;
  /**
   * Module that each worker thread imports before it builds its replica: a package name, an
   * absolute path or a `file:` URL. Its `setup` export, or else its default export, is called
   * with `{ backend, workerIndex }` and must make the calling thread's tfjs backend current
   * (for example with `selectBackend`); it may also register custom layers and optimizers.
   * Package names resolve from this package's location. Without it a worker thread has no
   * backend, unless importing tfjs registers one.
   */
  workerSetup?: string | URL;
  /**
   * Seed of the dropout masks in the worker threads: worker thread `i` replaces its own
   * `Math.random` with a generator seeded from `seed` and `i`. The calling thread's masks come
   * from its `Math.random`, as in `trainModel`. @default drawn from Math.random
   */
  seed?: number;
}

/** Callbacks that let tests look at the replicas; not part of the public API. */
export interface ReplicaHooks {
  /** Called once the worker threads have built their replicas, before the first step. */
  started?: (pool: ReplicaPool) => void | Promise<void>;
  /** Called after the last step, while the worker threads still run. */
  finished?: (pool: ReplicaPool) => void | Promise<void>;
}

/**
 * Trains like `trainModel`, but splits every batch between `workers` replicas of the model that
 * run in parallel: the calling thread and `workers - 1` worker threads, each with its own tfjs
 * backend. Each replica computes the gradient of the mean loss over its rows, weighted by its
 * share of the batch; the gradients are summed through shared memory in a fixed order, and every
 * replica applies the same optimizer step to the sum. All replicas therefore hold the same
 * weights, bit for bit, as long as they run the same backend, and `model` and the optimizer are
 * up to date after every step, so progress, stop and resume work as in `trainModel`.
 *
 * The replicas are built from `model.toJSON()` and `model.getWeights()`, and the optimizer from
 * its class name, config and `getWeights()`, so any model and any optimizer registered for tfjs
 * serialization work. Worker threads are terminated when training ends, stops or fails.
 *
 * NOTE: each replica draws its own dropout masks, so a run is statistically, not bitwise, the
 * same as a `trainModel` run. Layers whose training-time output depends on the whole batch, such
 * as BatchNormalization, see only their replica's rows, and the non-trainable weights that such
 * layers update are kept from the calling thread's replica.
 *
 * @param model - A model with one input and a softmax output of shape `[batch, classes]`; its
 *   weights are updated in place.
 * @param options - The options of `trainModel`, plus `workers`, `workerSetup` and `seed`.
 * @returns Where training ended and where to resume, with the summaries of finished epochs.
 * @throws RangeError for invalid counts, resume positions, `workers` or `seed`, a batch whose
 *   shapes do not fit the model, or an epoch whose batches run out before `stepsPerEpoch`.
 * @throws TypeError for an invalid `workerSetup` or a trainable weight that is not float32.
 * @throws Error naming the worker thread and carrying its message when a replica fails, for
 *   example when `workerSetup` cannot be imported or selects another backend.
 */
export function trainModelParallel(model: LayersModel, options: ParallelTrainingOptions): Promise<TrainingResult> {
  return trainWithReplicas(model, options, {});
}

/** Implements {@link trainModelParallel}, calling `hooks` around training. */
export async function trainWithReplicas(model: LayersModel, options: ParallelTrainingOptions, hooks: ReplicaHooks): Promise<TrainingResult> {
  const { workers = Math.min(availableParallelism(), 4), seed = Math.floor(Math.random() * 4294967296) } = options;

  validateTrainingOptions('trainModelParallel', options);
  validateParallelOptions(workers, seed);
  const setup = resolveSetup(options.workerSetup);
  if (workers === 1) {
    return trainModel(model, options);
  }

  const optimizer = options.optimizer ?? new KerasAdadelta();
  const variables = model.trainableWeights.map((weight) => weight.read() as Variable);
  const exchange = GradientExchange.create(workers, variables.reduce((total, variable) => total + variable.size, 0));
  let pool: ReplicaPool | undefined;

  try {
    pool = await ReplicaPool.start(await replicaInits(model, optimizer, variables, exchange, { workers, seed, setup }));
    await hooks.started?.(pool);

    const result = await runTrainingLoop('trainModelParallel', options, parallelStep(model, optimizer, variables, exchange, pool));
    await hooks.finished?.(pool);
    return result;
  } finally {
    await pool?.close();
    if (options.optimizer === undefined) {
      optimizer.dispose();
    }
  }
}

/** Returns the step runner: shards the batch, computes shard 0 here, sums and applies. */
function parallelStep(model: LayersModel, optimizer: Optimizer, variables: Variable[], exchange: GradientExchange, pool: ReplicaPool): StepRunner {
  const summed = new Float32Array(exchange.buffers.size);
  let sequence = 0;

  return async (batch, epoch, step) => {
    validateBatch(model, batch, `trainModelParallel (epoch ${epoch}, step ${step})`);
    sequence++;

    const rows = batch.xs.shape[0];
    const ranges = shardRanges(rows, exchange.buffers.participants);
    const scales = ranges.map(([start, end]) => (rows === 0 ? 0 : (end - start) / rows));
    const workerShards = ranges.slice(1).map(([start, end]) => shardOf(batch, start, end, true));
    pool.sendStep(sequence, workerShards, scales.slice(1));

    const own = computeShardGradients(model, variables, shardOf(batch, ...ranges[0], false), scales[0], exchange.slot(sequence, 0));
    exchange.publish(0, sequence);
    const outcomes = [own, ...(await pool.collectGradients(sequence))];

    if (!exchange.allPublished(sequence)) {
      throw new Error(`trainModelParallel: a worker thread reported step ${sequence} before publishing its gradient.`);
    }
    exchange.sumInto(sequence, summed);
    applySummedGradients(optimizer, variables, summed);

    const loss = outcomes.reduce((total, outcome) => total + outcome.loss, 0);
    const correct = outcomes.reduce((total, outcome) => total + outcome.correct, 0);
    return { loss, accuracy: rows === 0 ? 0 : correct / rows };
  };
}

/** Builds the `workerData` of each worker thread: topology, weights, optimizer state, seeds. */
async function replicaInits(
  model: LayersModel,
  optimizer: Optimizer,
  variables: Variable[],
  exchange: GradientExchange,
  { workers, seed, setup }: { workers: number; seed: number; setup: string | undefined },
): Promise<ReplicaInit[]> {
  for (const variable of variables) {
    if (variable.dtype !== 'float32') {
      throw new TypeError(`trainModelParallel: trainable weight '${variable.name}' has dtype ${variable.dtype}; only float32 weights can be trained in parallel.`);
    }
  }

  const state = await optimizer.getWeights();
  let entries: StateEntry[];
  try {
    entries = state.map(({ name, tensor }) => ({ name, data: tensor.dataSync() as StateEntry['data'], shape: tensor.shape, dtype: tensor.dtype }));
  } finally {
    // getWeights returns a new 'iter' scalar; the other entries are the optimizer's own variables.
    dispose(state.filter(({ name }) => name === 'iter').map(({ tensor }) => tensor));
  }

  const common = {
    exchange: exchange.buffers,
    modelTopology: model.toJSON(null, false) as ReplicaInit['modelTopology'],
    weights: model.getWeights().map((weight) => weight.dataSync() as Float32Array),
    variableNames: variables.map((variable) => variable.name),
    optimizer: { className: optimizer.getClassName(), config: optimizer.getConfig(), state: entries },
    setup,
    backend: getBackend(),
  };
  const nextSeed = createSeededIntegers(seed);
  return Array.from({ length: workers - 1 }, (_, i) => ({ ...common, index: i + 1, seed: nextSeed() }));
}

function validateParallelOptions(workers: number, seed: number): void {
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`trainModelParallel: options.workers must be a positive integer, received ${workers}.`);
  }
  if (!Number.isFinite(seed)) {
    throw new RangeError(`trainModelParallel: options.seed must be a finite number, received ${seed}.`);
  }
}

/** Turns `workerSetup` into something a worker thread can import: a package name or a file URL. */
function resolveSetup(workerSetup: string | URL | undefined): string | undefined {
  if (workerSetup === undefined) {
    return undefined;
  }
  if (workerSetup instanceof URL) {
    return workerSetup.href;
  }
  if (typeof workerSetup !== 'string' || workerSetup === '') {
    throw new TypeError(`trainModelParallel: options.workerSetup must be a module specifier or a URL, received ${JSON.stringify(workerSetup)}.`);
  }
  if (isAbsolute(workerSetup)) {
    return pathToFileURL(workerSetup).href;
  }
  if (workerSetup.startsWith('.')) {
    throw new TypeError(
      `trainModelParallel: options.workerSetup '${workerSetup}' is a relative path, which a worker thread cannot resolve; ` +
        `pass new URL('${workerSetup}', import.meta.url) or an absolute path.`,
    );
  }
  return workerSetup;
}
