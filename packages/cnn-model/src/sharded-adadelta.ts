import { dispose, scalar, tensor, type Optimizer, type Tensor, type Variable } from '@tensorflow/tfjs-core';

import type { GradientExchange } from './gradient-exchange.js';
import type { NamedTensor } from './keras-adadelta.js';

/** Settings and shared memory of a {@link ShardedAdadelta}, as they are sent to worker threads. */
export interface ShardedAdadeltaInit {
  learningRate: number;
  rho: number;
  epsilon: number;
  /** Trainable weights of the model, flattened and concatenated in `trainableWeights` order. */
  weights: SharedArrayBuffer;
  /** Running average of squared gradients, laid out like `weights`. */
  accumulatedGrad: SharedArrayBuffer;
  /** Running average of squared updates, laid out like `weights`. */
  accumulatedUpdate: SharedArrayBuffer;
  /** One int32 per participant: the sequence number of the last step whose range it updated. */
  updated: SharedArrayBuffer;
}

const GRAD_SUFFIX = '/accum_grad';
const UPDATE_SUFFIX = '/accum_var';

/**
 * The Keras Adadelta rule of `KerasAdadelta`, applied once per step for all replicas to weights
 * and state in shared memory. Each participant sums the gradient slots of the exchange and
 * updates its own contiguous range of the values, so the work is split instead of repeated.
 * Then every replica copies the shared weights into its variables, which makes the replicas
 * identical by construction.
 *
 * NOTE: the rule runs in float64 per value and rounds the results to float32, where
 * `KerasAdadelta` rounds after every tfjs op, so the two differ by float32 rounding.
 */
export class ShardedAdadelta {
  readonly weights: Float32Array;
  private readonly accumulatedGrad: Float32Array;
  private readonly accumulatedUpdate: Float32Array;
  private readonly updated: Int32Array;
  /** This thread's float32 sum of the gradient slots, used over its own range only. */
  private readonly summed: Float32Array;

  constructor(
    readonly init: ShardedAdadeltaInit,
    private readonly exchange: GradientExchange,
  ) {
    this.weights = new Float32Array(init.weights);
    this.accumulatedGrad = new Float32Array(init.accumulatedGrad);
    this.accumulatedUpdate = new Float32Array(init.accumulatedUpdate);
    this.updated = new Int32Array(init.updated);
    this.summed = new Float32Array(exchange.buffers.size);
  }

  /**
   * Allocates shared memory for `variables` and fills it with their values and the state of
   * `optimizer`, a `KerasAdadelta` or an optimizer with its class name and state names. The
   * state of variables that the optimizer has not updated yet starts at zero.
   */
  static async fromOptimizer(optimizer: Optimizer, variables: Variable[], exchange: GradientExchange): Promise<ShardedAdadelta> {
    const { learningRate, rho, epsilon } = optimizer.getConfig() as { learningRate: number; rho: number; epsilon: number };
    const bytes = exchange.buffers.size * Float32Array.BYTES_PER_ELEMENT;
    const sharded = new ShardedAdadelta(
      {
        learningRate,
        rho,
        epsilon,
        weights: new SharedArrayBuffer(bytes),
        accumulatedGrad: new SharedArrayBuffer(bytes),
        accumulatedUpdate: new SharedArrayBuffer(bytes),
        updated: new SharedArrayBuffer(exchange.buffers.participants * Int32Array.BYTES_PER_ELEMENT),
      },
      exchange,
    );

    const state = await optimizer.getWeights();
    try {
      const byName = new Map(state.map(({ name, tensor: value }) => [name, value]));
      let offset = 0;
      for (const variable of variables) {
        sharded.weights.set(variable.dataSync() as Float32Array, offset);
        const grad = byName.get(variable.name + GRAD_SUFFIX);
        const update = byName.get(variable.name + UPDATE_SUFFIX);
        if (grad !== undefined && update !== undefined) {
          sharded.accumulatedGrad.set(grad.dataSync() as Float32Array, offset);
          sharded.accumulatedUpdate.set(update.dataSync() as Float32Array, offset);
        }
        offset += variable.size;
      }
    } finally {
      // getWeights returns a new 'iter' scalar; the other entries are the optimizer's own variables.
      dispose(state.filter(({ name }) => name === 'iter').map(({ tensor: value }) => value));
    }
    return sharded;
  }

  /** Returns the range `[start, end)` of values that `participant` updates. */
  range(participant: number): [number, number] {
    const { participants, size } = this.exchange.buffers;
    return [Math.floor((participant * size) / participants), Math.floor(((participant + 1) * size) / participants)];
  }

  /**
   * Sums the gradient slots of step `sequence` over the participant's range, in participant
   * order with float32 rounding after each addition, applies the Adadelta rule there, and
   * publishes that the range is done. Per value with gradient `g`:
   * `a = rho*a + (1-rho)*g^2; u = g*sqrt(d + eps)/sqrt(a + eps); d = rho*d + (1-rho)*u^2; w -= lr*u`.
   */
  updateRange(sequence: number, participant: number): void {
    const { learningRate, rho, epsilon } = this.init;
    const { weights, accumulatedGrad, accumulatedUpdate } = this;
    const [start, end] = this.range(participant);

    // Two plain loops (sum, then update) run faster than one with a loop over the slots inside.
    const summed = this.summed.subarray(start, end);
    summed.set(this.exchange.slot(sequence, 0).subarray(start, end));
    for (let p = 1; p < this.exchange.buffers.participants; p++) {
      const slot = this.exchange.slot(sequence, p).subarray(start, end);
      for (let i = 0; i < summed.length; i++) {
        summed[i] += slot[i];
      }
    }

    for (let i = start; i < end; i++) {
      const g = summed[i - start];
      const a = rho * accumulatedGrad[i] + (1 - rho) * g * g;
      const u = (g * Math.sqrt(accumulatedUpdate[i] + epsilon)) / Math.sqrt(a + epsilon);
      accumulatedGrad[i] = a;
      accumulatedUpdate[i] = rho * accumulatedUpdate[i] + (1 - rho) * u * u;
      weights[i] -= learningRate * u;
    }

    Atomics.store(this.updated, participant, sequence);
    Atomics.notify(this.updated, participant);
  }

  /** Tells whether every participant has updated its range for step `sequence`. */
  allUpdated(sequence: number): boolean {
    return Array.from(this.updated).every((_, participant) => Atomics.load(this.updated, participant) >= sequence);
  }

  /** Blocks until every participant has updated its range for step `sequence`; worker threads only. */
  waitForAllUpdated(sequence: number): void {
    for (let participant = 0; participant < this.updated.length; participant++) {
      for (;;) {
        const current = Atomics.load(this.updated, participant);
        if (current >= sequence) {
          break;
        }
        Atomics.wait(this.updated, participant, current);
      }
    }
  }

  /** Copies the shared weights into `variables`, laid out as in `trainableWeights`. */
  assignTo(variables: Variable[]): void {
    let offset = 0;
    for (const variable of variables) {
      // A copy, because the cpu backend would keep the view and see later writes to shared memory.
      const value = tensor(this.weights.slice(offset, offset + variable.size), variable.shape);
      variable.assign(value);
      value.dispose();
      offset += variable.size;
    }
  }

  /**
   * Replaces the state of `optimizer` with the shared state, named after `variables`, and sets
   * its iteration count.
   */
  async writeTo(optimizer: Optimizer, variables: Variable[], iterations: number): Promise<void> {
    const grads: NamedTensor[] = [];
    const updates: NamedTensor[] = [];
    let offset = 0;
    for (const variable of variables) {
      const slice = (values: Float32Array): Tensor => tensor(values.slice(offset, offset + variable.size), variable.shape);
      grads.push({ name: variable.name + GRAD_SUFFIX, tensor: slice(this.accumulatedGrad) });
      updates.push({ name: variable.name + UPDATE_SUFFIX, tensor: slice(this.accumulatedUpdate) });
      offset += variable.size;
    }

    const state = [{ name: 'iter', tensor: scalar(iterations, 'int32') }, ...grads, ...updates];
    try {
      await optimizer.setWeights(state);
    } finally {
      dispose(state.map(({ tensor: value }) => value));
    }
  }
}
