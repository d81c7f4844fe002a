import type { DataType, serialization } from '@tensorflow/tfjs-core';

import type { ExchangeBuffers } from './gradient-exchange.js';
import type { ShardOutcome } from './shard-gradients.js';
import type { ShardedAdadeltaInit } from './sharded-adadelta.js';
import type { TrainingBatch } from './training-types.js';

/** One tensor of optimizer state as plain data. */
export interface StateEntry {
  /** Name in the calling thread, such as `dense_1/kernel/accum_grad` or `iter`. */
  name: string;
  data: Float32Array | Int32Array | Uint8Array;
  shape: number[];
  dtype: DataType;
}

/** The `workerData` of a worker thread: everything it needs to build its replica. */
export interface ReplicaInit {
  /** Participant index of this replica, from 1 (0 is the calling thread). */
  index: number;
  exchange: ExchangeBuffers;
  /** `model.toJSON(null, false)` of the calling thread's model. */
  modelTopology: serialization.ConfigDict;
  /** Values of `model.getWeights()`, in that order. */
  weights: Float32Array[];
  /** Names of the calling thread's trainable variables, in `model.trainableWeights` order. */
  variableNames: string[];
  /**
   * Update method of the replicas. 'sharded-adadelta' splits a Keras Adadelta step over the
   * replicas in shared memory. With 'replicated' every replica runs its own copy of the calling
   * thread's optimizer, recreated from its class name, config and state.
   */
  update:
    | { kind: 'sharded-adadelta'; adadelta: ShardedAdadeltaInit }
    | { kind: 'replicated'; className: string; config: serialization.ConfigDict; state: StateEntry[] };
  /** Module to import before building the model: a package name or a `file:` URL. */
  setup?: string;
  /** tfjs backend of the calling thread, which the replica must use too. */
  backend: string;
  /** Seed of the thread's `Math.random`, from which tfjs draws the dropout masks. */
  seed: number;
}

/** Messages from the calling thread to a worker thread. */
export type ToReplica = { type: 'step'; sequence: number; shard: TrainingBatch; scale: number } | { type: 'inspect' };

/** Messages from a worker thread to the calling thread. */
export type FromReplica =
  | { type: 'ready' }
  | ({ type: 'gradients'; sequence: number } & ShardOutcome)
  | { type: 'updated'; sequence: number }
  | { type: 'inspection'; weights: Float32Array[]; numTensors: number }
  | { type: 'error'; name: string; message: string; stack?: string };

/** Converts anything thrown in a worker thread into an 'error' message. */
export function errorMessage(error: unknown): FromReplica {
  if (error instanceof Error) {
    return { type: 'error', name: error.name, message: error.message, stack: error.stack };
  }
  return { type: 'error', name: 'Error', message: String(error) };
}
