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
import { ShardedAdadelta } from './sharded-adadelta.js';
import { runTrainingLoop, validateBatch, validateTrainingOptions, type StepOutcome } from './training-loop.js';
import type { TrainingBatch, TrainingOptions, TrainingResult } from './training-types.js';

/** Options of {@link trainModelParallel}: those of `trainModel` plus the threads to use. */
export interface ParallelTrainingOptions extends TrainingOptions {
  /**
   * Number of replicas that compute gradients, the calling thread included; `workers - 1` worker
   * threads are started. With 1 the call is `trainModel`.
   *
   * NOTE: the cap of 4 in the default is an estimate, not a measurement: beyond it a 32-image
   * batch leaves each replica 8 images or fewer, and only 2 replicas were measured.
   * @default Math.min(os.availableParallelism(), 4)
   */
  workers?: number;
  /**
   * Module that each worker thread imports before it builds its replica: a package name, an
   * absolute path or a `file:` URL. Its `setup` export, or else its default export, is called
   * with `{ backend, workerIndex }` and must make the calling thread's tfjs backend current, for
   * example with `selectBackend`. It may also register custom layers and optimizers.
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
 * share of the batch, and writes it to shared memory, where the gradients are summed in a fixed
 * order. Every replica then applies the same update, so all replicas hold the same weights, bit
 * for bit. `model` is up to date after every step, so progress, stop and resume work as in
 * `trainModel`.
 *
 * With a `KerasAdadelta` optimizer (the default) the replicas split the update: each applies the
 * Keras Adadelta rule to its range of the values in shared memory, and all copy the new weights.
 * The optimizer's own state is written back when training ends or stops, with its iteration
 * count advanced by the steps run. Any other optimizer registered for tfjs serialization is
 * recreated in every worker thread from its class name, config and `getWeights()`, and each
 * replica applies it to the summed gradient. The replicas then stay identical only if their
 * backends compute the update bit for bit alike, which the same backend in every thread does.
 *
 * The replicas are built from `model.toJSON()` and `model.getWeights()`, so Sequential and
 * functional models work, with custom layers registered in `workerSetup`. Worker threads are
 * terminated when training ends, stops or fails.
 *
 * NOTE: each replica draws its own dropout masks, so a run is statistically, not bitwise, the
 * same as a `trainModel` run. Layers whose training-time output depends on the whole batch, such
 * as BatchNormalization, see only their replica's rows, and the non-trainable weights that such
 * layers update are kept from the calling thread's replica.
 *
 * @param model - A model with one input and a softmax output of shape `[batch, classes]`; its
 *   weights are updated in place. Its trainable weights must be float32.
 * @param options - The options of `trainModel`, plus `workers`, `workerSetup` and `seed`.
 * @returns Where training ended and where to resume, with the summaries of finished epochs.
 * @throws RangeError for invalid counts, resume positions, `workers` or `seed`, a batch whose
 *   shapes do not fit the model, or an epoch whose batches run out before `stepsPerEpoch`.
 * @throws TypeError for an invalid `workerSetup` or a trainable weight that is not float32.
 * @throws Error naming the worker thread and carrying its message when a replica fails, for
 *   example when `workerSetup` cannot be imported or does not select the calling thread's backend.
 */
export function trainModelParallel(model: LayersModel, options: ParallelTrainingOptions): Promise<TrainingResult> {
  return trainWithReplicas(model, options, {});
}

/** Implements {@link trainModelParallel}, calling `hooks` around training. */
export async function trainWithReplicas(
  model: LayersModel,
  options: ParallelTrainingOptions,
  hooks: ReplicaHooks,
): Promise<TrainingResult> {
  const { workers = Math.min(availableParallelism(), 4), seed = Math.floor(Math.random() * 4294967296) } = options;

  validateTrainingOptions('trainModelParallel', options);
  validateParallelOptions(workers, seed);
  const setup = resolveSetup(options.workerSetup);
  if (workers === 1) {
    return trainModel(model, options);
  }

  const optimizer = options.optimizer ?? new KerasAdadelta();
  const variables = model.trainableWeights.map((weight) => weight.read() as Variable);
  for (const variable of variables) {
    if (variable.dtype !== 'float32') {
      throw new TypeError(
        `trainModelParallel: trainable weight '${variable.name}' has dtype ${variable.dtype}; only float32 weights can be trained in parallel.`,
      );
    }
  }

  const exchange = GradientExchange.create(
    workers,
    variables.reduce((total, variable) => total + variable.size, 0),
  );
  const adadelta =
    optimizer.getClassName() === KerasAdadelta.className
      ? await ShardedAdadelta.fromOptimizer(optimizer, variables, exchange)
      : undefined;
  const iterationsBefore = optimizer.iterations;
  const step = new ParallelStep(model, variables, exchange, adadelta ?? optimizer);
  let pool: ReplicaPool | undefined;

  try {
    pool = await ReplicaPool.start(
      await replicaInits(model, variables, exchange, adadelta ?? optimizer, { workers, seed, setup }),
    );
    await hooks.started?.(pool);

    const result = await runTrainingLoop(
      'trainModelParallel',
      options,
      (batch, epoch, index) => step.run(pool as ReplicaPool, batch, epoch, index),
      // Every step awaits messages from the worker threads, so I/O callbacks such as signal
      // handlers run during the step. setImmediate lets them run once more, without the 1 ms
      // minimum wait of setTimeout.
      () => new Promise((resolve) => setImmediate(resolve)),
    );
    await hooks.finished?.(pool);
    return result;
  } finally {
    await pool?.close();
    // NOTE: after a failure inside a step, part of the shared state may be one step ahead of the weights.
    if (adadelta !== undefined && options.optimizer !== undefined) {
      await adadelta.writeTo(optimizer, variables, iterationsBefore + step.completed);
    }
    if (options.optimizer === undefined) {
      optimizer.dispose();
    }
  }
}

/** One data-parallel step, run by the calling thread as participant 0. */
class ParallelStep {
  /** Number of steps whose update every replica has applied. */
  completed = 0;
  private readonly summed: Float32Array;

  constructor(
    private readonly model: LayersModel,
    private readonly variables: Variable[],
    private readonly exchange: GradientExchange,
    private readonly update: ShardedAdadelta | Optimizer,
  ) {
    this.summed = new Float32Array(update instanceof ShardedAdadelta ? 0 : exchange.buffers.size);
  }

  /** Sends the worker threads their shards, computes shard 0 here, and applies the summed gradient. */
  async run(pool: ReplicaPool, batch: TrainingBatch, epoch: number, step: number): Promise<StepOutcome> {
    const { model, variables, exchange, update } = this;
    validateBatch(model, batch, `trainModelParallel (epoch ${epoch}, step ${step})`);
    const sequence = this.completed + 1;

    const rows = batch.xs.shape[0];
    const ranges = shardRanges(rows, exchange.buffers.participants);
    const scales = ranges.map(([start, end]) => (rows === 0 ? 0 : (end - start) / rows));
    pool.sendStep(
      sequence,
      ranges.slice(1).map(([start, end]) => shardOf(batch, start, end, true)),
      scales.slice(1),
    );

    const own = computeShardGradients(
      model,
      variables,
      shardOf(batch, ...ranges[0], false),
      scales[0],
      exchange.slot(sequence, 0),
    );
    exchange.publish(0, sequence);
    const outcomes = [own, ...(await pool.collectGradients(sequence))];
    if (!exchange.allPublished(sequence)) {
      throw new Error(`trainModelParallel: a worker thread reported step ${sequence} before publishing its gradient.`);
    }

    if (update instanceof ShardedAdadelta) {
      update.updateRange(sequence, 0);
      await pool.collectUpdates(sequence);
      if (!update.allUpdated(sequence)) {
        throw new Error(`trainModelParallel: a worker thread reported step ${sequence} before updating its range.`);
      }
      update.assignTo(variables);
    } else {
      exchange.sumInto(sequence, this.summed);
      applySummedGradients(update, variables, this.summed);
    }
    this.completed = sequence;

    const loss = outcomes.reduce((total, outcome) => total + outcome.loss, 0);
    const correct = outcomes.reduce((total, outcome) => total + outcome.correct, 0);
    return { loss, accuracy: rows === 0 ? 0 : correct / rows };
  }
}

/** Builds the `workerData` of each worker thread: topology, weights, how to update, seeds. */
async function replicaInits(
  model: LayersModel,
  variables: Variable[],
  exchange: GradientExchange,
  update: ShardedAdadelta | Optimizer,
  { workers, seed, setup }: { workers: number; seed: number; setup: string | undefined },
): Promise<ReplicaInit[]> {
  const common = {
    exchange: exchange.buffers,
    modelTopology: model.toJSON(null, false) as ReplicaInit['modelTopology'],
    weights: model.getWeights().map((weight) => weight.dataSync() as Float32Array),
    variableNames: variables.map((variable) => variable.name),
    update:
      update instanceof ShardedAdadelta
        ? { kind: 'sharded-adadelta' as const, adadelta: update.init }
        : await replicatedOptimizer(update),
    setup,
    backend: getBackend(),
  };
  const nextSeed = createSeededIntegers(seed);
  return Array.from({ length: workers - 1 }, (_, i) => ({ ...common, index: i + 1, seed: nextSeed() }));
}

/** Returns the class name, config and state of an optimizer, for replicas to recreate it. */
async function replicatedOptimizer(optimizer: Optimizer): Promise<ReplicaInit['update']> {
  const state = await optimizer.getWeights();
  try {
    const entries: StateEntry[] = state.map(({ name, tensor }) => ({
      name,
      data: tensor.dataSync() as StateEntry['data'],
      shape: tensor.shape,
      dtype: tensor.dtype,
    }));
    return { kind: 'replicated', className: optimizer.getClassName(), config: optimizer.getConfig(), state: entries };
  } finally {
    // getWeights returns a new 'iter' scalar; the other entries are the optimizer's own variables.
    dispose(state.filter(({ name }) => name === 'iter').map(({ tensor }) => tensor));
  }
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
    throw new TypeError(
      `trainModelParallel: options.workerSetup must be a module specifier or a URL, received ${JSON.stringify(workerSetup)}.`,
    );
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
