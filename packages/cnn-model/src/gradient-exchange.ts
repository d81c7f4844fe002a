/** The shared memory of a {@link GradientExchange}, as it is sent to worker threads. */
export interface ExchangeBuffers {
  /** Gradient slots: 2 step parities x `participants` slots x `size` float32 values. */
  gradients: SharedArrayBuffer;
  /** One int32 per participant: the sequence number of the last step whose slot it filled. */
  published: SharedArrayBuffer;
  /** Number of replicas, the calling thread (participant 0) included. */
  participants: number;
  /** Number of trainable values of the model, the length of one slot. */
  size: number;
}

/**
 * Shared memory through which the replicas of data-parallel training sum their gradients (an
 * all-reduce). In every step each participant writes the gradient of its shard, all trainable
 * weights concatenated, into its own slot and publishes the step's sequence number. Once all have
 * published, every participant adds the slots in participant order, so all of them get the same
 * float32 sum, bit for bit.
 *
 * Slots alternate between two areas by the parity of the sequence number. A participant writes
 * the slot of step `s + 2` only after every participant has published step `s + 1`, and each
 * publishes step `s + 1` only after it has finished reading the slots of step `s`. So no slot is
 * overwritten while it is still being read.
 */
export class GradientExchange {
  private readonly published: Int32Array;

  constructor(readonly buffers: ExchangeBuffers) {
    this.published = new Int32Array(buffers.published);
  }

  /**
   * Allocates the shared memory for `participants` replicas of a model with `size` trainable
   * values.
   */
  static create(participants: number, size: number): GradientExchange {
    return new GradientExchange({
      gradients: new SharedArrayBuffer(2 * participants * size * Float32Array.BYTES_PER_ELEMENT),
      published: new SharedArrayBuffer(participants * Int32Array.BYTES_PER_ELEMENT),
      participants,
      size,
    });
  }

  /** Returns the slot where `participant` writes its gradient for the step numbered `sequence`. */
  slot(sequence: number, participant: number): Float32Array {
    const { gradients, participants, size } = this.buffers;
    const index = (sequence % 2) * participants + participant;
    return new Float32Array(gradients, index * size * Float32Array.BYTES_PER_ELEMENT, size);
  }

  /** Marks the slot of `participant` for step `sequence` as written and wakes waiting threads. */
  publish(participant: number, sequence: number): void {
    Atomics.store(this.published, participant, sequence);
    Atomics.notify(this.published, participant);
  }

  /** Tells whether every participant has published step `sequence`. */
  allPublished(sequence: number): boolean {
    for (let participant = 0; participant < this.buffers.participants; participant++) {
      if (Atomics.load(this.published, participant) < sequence) {
        return false;
      }
    }
    return true;
  }

  /**
   * Blocks the thread until every participant has published step `sequence`. Only worker
   * threads call it: on the main thread `Atomics.wait` would stall the event loop.
   */
  waitForAll(sequence: number): void {
    for (let participant = 0; participant < this.buffers.participants; participant++) {
      for (;;) {
        const current = Atomics.load(this.published, participant);
        if (current >= sequence) {
          break;
        }
        Atomics.wait(this.published, participant, current);
      }
    }
  }

  /**
   * Writes the sum of all slots of step `sequence` into `out`, adding them in participant order.
   * Float32Array stores round each sum to float32, so every thread gets the same bits.
   */
  sumInto(sequence: number, out: Float32Array): void {
    out.set(this.slot(sequence, 0));
    for (let participant = 1; participant < this.buffers.participants; participant++) {
      const slot = this.slot(sequence, participant);
      for (let i = 0; i < out.length; i++) {
        out[i] += slot[i];
      }
    }
  }
}
