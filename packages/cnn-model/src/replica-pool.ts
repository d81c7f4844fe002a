import { Worker } from 'node:worker_threads';

import type { ReplicaInit, FromReplica, ToReplica } from './replica-messages.js';
import type { ShardOutcome } from './shard-gradients.js';
import type { TrainingBatch } from './training-types.js';

/** Weights and tensor count of one worker thread's replica. */
export interface ReplicaInspection {
  /** Values of the replica's `model.getWeights()`, in that order. */
  weights: Float32Array[];
  /** `tf.memory().numTensors` in the worker thread. */
  numTensors: number;
}

type MessageOf<T extends FromReplica['type']> = Extract<FromReplica, { type: T }>;

/** Queues the messages of one worker thread and turns its failures into rejected promises. */
class Inbox {
  private readonly messages: FromReplica[] = [];
  private waiting: { resolve: (message: FromReplica) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  closing = false;
  exited = false;

  constructor(
    readonly worker: Worker,
    readonly index: number,
  ) {
    worker.on('message', (message: FromReplica) => this.deliver(message));
    worker.on('error', (error) =>
      this.fail(new Error(`trainModelParallel: worker thread ${index} failed: ${error.message}`, { cause: error })),
    );
    worker.on('exit', (code) => {
      this.exited = true;
      if (!this.closing) {
        this.fail(new Error(`trainModelParallel: worker thread ${index} exited with code ${code} during training.`));
      }
    });
  }

  /** Waits for the next message, which must be of `type`; an 'error' message rejects. */
  async receive<T extends FromReplica['type']>(type: T): Promise<MessageOf<T>> {
    const message = await this.next();
    if (message.type === 'error') {
      const cause = Object.assign(new Error(message.message), { name: message.name, stack: message.stack });
      throw new Error(`trainModelParallel: worker thread ${this.index} failed: ${message.message}`, { cause });
    }
    if (message.type !== type) {
      throw new Error(
        `trainModelParallel: worker thread ${this.index} sent a '${message.type}' message where '${type}' was due.`,
      );
    }
    return message as MessageOf<T>;
  }

  private next(): Promise<FromReplica> {
    const queued = this.messages.shift();
    if (queued !== undefined) {
      return Promise.resolve(queued);
    }
    if (this.failure !== undefined) {
      return Promise.reject(this.failure);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  private deliver(message: FromReplica): void {
    if (this.waiting === undefined) {
      this.messages.push(message);
      return;
    }
    const { resolve } = this.waiting;
    this.waiting = undefined;
    resolve(message);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    if (this.waiting !== undefined) {
      const { reject } = this.waiting;
      this.waiting = undefined;
      reject(this.failure);
    }
  }
}

/**
 * The worker threads of data-parallel training, one replica each. The calling thread sends each
 * worker its shard of every step and collects the shard's loss; the gradients themselves go
 * through the shared {@link GradientExchange}.
 */
export class ReplicaPool {
  private constructor(private readonly inboxes: Inbox[]) {}

  /**
   * Starts one worker thread per entry of `inits` and waits until every replica is built.
   *
   * @throws Error with the worker's message when a replica cannot be built; all threads are
   *   terminated first.
   */
  static async start(inits: ReplicaInit[]): Promise<ReplicaPool> {
    const workerUrl = new URL('./replica-worker.js', import.meta.url);
    const pool = new ReplicaPool(inits.map((init) => new Inbox(new Worker(workerUrl, { workerData: init }), init.index)));

    try {
      await Promise.all(pool.inboxes.map((inbox) => inbox.receive('ready')));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** Number of worker threads. */
  get size(): number {
    return this.inboxes.length;
  }

  /** Whether every worker thread has exited. */
  get allExited(): boolean {
    return this.inboxes.every((inbox) => inbox.exited);
  }

  /** Sends worker `i` (participant `i + 1`) its shard of step `sequence`; the shard's arrays are transferred. */
  sendStep(sequence: number, shards: TrainingBatch[], scales: number[]): void {
    this.inboxes.forEach((inbox, i) => {
      const shard = shards[i];
      const message: ToReplica = { type: 'step', sequence, shard, scale: scales[i] };
      // The shard's arrays are copies made for this message, never views of shared memory.
      inbox.worker.postMessage(message, [shard.xs.data.buffer as ArrayBuffer, shard.ys.data.buffer as ArrayBuffer]);
    });
  }

  /** Waits until every worker has published its gradient of step `sequence`; returns their outcomes in order. */
  async collectGradients(sequence: number): Promise<ShardOutcome[]> {
    const messages = await Promise.all(this.inboxes.map((inbox) => inbox.receive('gradients')));
    return messages.map((message, i) => {
      if (message.sequence !== sequence) {
        throw new Error(
          `trainModelParallel: worker thread ${i + 1} sent the gradient of step ${message.sequence} where step ${sequence} was due.`,
        );
      }
      return { loss: message.loss, correct: message.correct };
    });
  }

  /** Waits until every worker has updated its range of the shared weights for step `sequence`. */
  async collectUpdates(sequence: number): Promise<void> {
    const messages = await Promise.all(this.inboxes.map((inbox) => inbox.receive('updated')));
    messages.forEach((message, i) => {
      if (message.sequence !== sequence) {
        throw new Error(
          `trainModelParallel: worker thread ${i + 1} updated step ${message.sequence} where step ${sequence} was due.`,
        );
      }
    });
  }

  /** Returns the weights and tensor count of every replica, after the steps sent so far. */
  async inspect(): Promise<ReplicaInspection[]> {
    const message: ToReplica = { type: 'inspect' };
    for (const inbox of this.inboxes) {
      inbox.worker.postMessage(message);
    }
    const inspections = await Promise.all(this.inboxes.map((inbox) => inbox.receive('inspection')));
    return inspections.map(({ weights, numTensors }) => ({ weights, numTensors }));
  }

  /** Terminates every worker thread, also those blocked waiting for a gradient. */
  async close(): Promise<void> {
    for (const inbox of this.inboxes) {
      inbox.closing = true;
    }
    await Promise.all(this.inboxes.map((inbox) => inbox.worker.terminate()));
  }
}
