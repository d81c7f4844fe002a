// Entry point of the worker threads of trainModelParallel. Each thread builds a replica of the
// calling thread's model, then, for every step message, computes the gradient of its shard,
// publishes it through the shared gradient exchange and waits for the other replicas. Then it
// either applies the Keras Adadelta rule to its range of the shared weights and copies all of
// them, or applies its own copy of the calling thread's optimizer to the summed gradient.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';

import { dispose, getBackend, memory, ready, serialization, tensor, type Optimizer, type Variable } from '@tensorflow/tfjs-core';
import { models, type LayersModel } from '@tensorflow/tfjs-layers';

import { GradientExchange } from './gradient-exchange.js';
// Registers KerasAdadelta for serialization, so that the replica can recreate it by class name.
import './keras-adadelta.js';
import { createOptimizer, renameByVariable } from './optimizer-state.js';
import { createSeededIntegers } from './prng.js';
import { errorMessage, type FromReplica, type ReplicaInit, type ToReplica } from './replica-messages.js';
import { applySummedGradients, computeShardGradients } from './shard-gradients.js';
import { ShardedAdadelta } from './sharded-adadelta.js';

/** Argument of the `setup` function of a worker setup module. */
export interface WorkerSetupContext {
  /** tfjs backend of the calling thread, such as 'wasm'; the setup must make it current. */
  backend: string;
  /** Index of this worker thread, from 1 (0 is the calling thread). */
  workerIndex: number;
}

interface Replica {
  model: LayersModel;
  variables: Variable[];
  exchange: GradientExchange;
  /** The shared Adadelta step, or else this replica's own optimizer and gradient sum. */
  update: { adadelta: ShardedAdadelta } | { optimizer: Optimizer; summed: Float32Array };
}

const port = parentPort as MessagePort;
const init = workerData as ReplicaInit;
const post = (message: FromReplica) => port.postMessage(message);

try {
  const replica = await startReplica(init);
  port.on('message', (message: ToReplica) => {
    try {
      handleMessage(replica, message);
    } catch (error) {
      post(errorMessage(error));
    }
  });
  post({ type: 'ready' });
} catch (error) {
  post(errorMessage(error));
}

/** Runs the setup module, checks the backend, and builds the model and the update method. */
async function startReplica(options: ReplicaInit): Promise<Replica> {
  await runSetup(options);
  await checkBackend(options);

  // tfjs seeds every unseeded random op, dropout among them, from Math.random. This thread is
  // ours, so its Math.random becomes a seeded generator: each replica draws its own masks.
  const nextInteger = createSeededIntegers(options.seed);
  Math.random = () => nextInteger() / 4294967296;

  const model = await buildModel(options);
  const variables = model.trainableWeights.map((weight) => weight.read() as Variable);
  const exchange = new GradientExchange(options.exchange);
  const { update } = options;
  if (update.kind === 'sharded-adadelta') {
    return { model, variables, exchange, update: { adadelta: new ShardedAdadelta(update.adadelta, exchange) } };
  }
  const optimizer = await createReplicaOptimizer(options, update, variables);
  return { model, variables, exchange, update: { optimizer, summed: new Float32Array(options.exchange.size) } };
}

/** Builds the model from its topology and copies in the calling thread's weights. */
async function buildModel(options: ReplicaInit): Promise<LayersModel> {
  const model = await models.modelFromJSON({ modelTopology: options.modelTopology });
  const weights = model.weights.map((weight) => weight.read());
  const size = model.trainableWeights.reduce((total, weight) => total + weight.read().size, 0);

  const sameShapes =
    weights.length === options.weights.length && weights.every((weight, i) => weight.size === options.weights[i].length);
  if (!sameShapes || model.trainableWeights.length !== options.variableNames.length || size !== options.exchange.size) {
    throw new Error(
      `the replica has ${model.trainableWeights.length} trainable weights of ${size} values, but the model has ` +
        `${options.variableNames.length} of ${options.exchange.size}; register custom layers in options.workerSetup ` +
        'so that the topology builds the same model.',
    );
  }

  const values = options.weights.map((data, i) => tensor(data, weights[i].shape, 'float32'));
  try {
    model.setWeights(values);
  } finally {
    dispose(values);
  }
  return model;
}

/** Imports the setup module and calls its `setup` export, or else its default export. */
async function runSetup(options: ReplicaInit): Promise<void> {
  if (options.setup === undefined) {
    return;
  }

  const setupModule = (await import(options.setup)) as { setup?: unknown; default?: unknown };
  const setup = typeof setupModule.setup === 'function' ? setupModule.setup : setupModule.default;
  if (typeof setup === 'function') {
    const context: WorkerSetupContext = { backend: options.backend, workerIndex: options.index };
    await setup(context);
  }
}

/** Throws unless this thread's current backend is the calling thread's. */
async function checkBackend(options: ReplicaInit): Promise<void> {
  let backend: string | undefined;
  try {
    await ready();
    backend = getBackend();
  } catch {
    backend = undefined;
  }

  if (backend !== options.backend) {
    throw new Error(
      `the worker thread's tfjs backend is ${backend === undefined ? '(none)' : `'${backend}'`} but the calling thread's ` +
        `is '${options.backend}'; pass options.workerSetup, a module whose setup() or default export makes ` +
        `'${options.backend}' the current backend in each worker thread.`,
    );
  }
}

/** Recreates the calling thread's optimizer and its state, renamed to this thread's variables. */
async function createReplicaOptimizer(
  options: ReplicaInit,
  { className, config, state }: Extract<ReplicaInit['update'], { kind: 'replicated' }>,
  variables: Variable[],
): Promise<Optimizer> {
  if (serialization.SerializationMap.getMap().classNameMap[className] === undefined) {
    throw new Error(
      `optimizer class '${className}' is not registered in the worker thread; register it with serialization.registerClass in options.workerSetup.`,
    );
  }
  const optimizer = createOptimizer(className, config);

  const names = new Map(options.variableNames.map((name, i) => [name, variables[i].name]));
  const tensors = state.map(({ name, data, shape, dtype }) => ({
    name: renameByVariable(name, names),
    tensor: tensor(data, shape, dtype),
  }));
  try {
    await optimizer.setWeights(tensors);
  } finally {
    // The optimizer's variables hold their own references to the data.
    dispose(tensors.map(({ tensor: value }) => value));
  }
  return optimizer;
}

function handleMessage(replica: Replica, message: ToReplica): void {
  if (message.type === 'inspect') {
    const weights = replica.model.getWeights().map((weight) => Float32Array.from(weight.dataSync() as Float32Array));
    post({ type: 'inspection', weights, numTensors: memory().numTensors });
    return;
  }

  const { model, variables, exchange, update } = replica;
  const { sequence, shard, scale } = message;

  const outcome = computeShardGradients(model, variables, shard, scale, exchange.slot(sequence, init.index));
  exchange.publish(init.index, sequence);
  post({ type: 'gradients', sequence, ...outcome });
  exchange.waitForAll(sequence);

  if ('adadelta' in update) {
    update.adadelta.updateRange(sequence, init.index);
    post({ type: 'updated', sequence });
    update.adadelta.waitForAllUpdated(sequence);
    update.adadelta.assignTo(variables);
  } else {
    exchange.sumInto(sequence, update.summed);
    applySummedGradients(update.optimizer, variables, update.summed);
  }
}
