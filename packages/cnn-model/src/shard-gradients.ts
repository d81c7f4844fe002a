import {
  dispose,
  keep,
  mul,
  tensor,
  variableGrads,
  type Optimizer,
  type Scalar,
  type Tensor,
  type Variable,
} from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import type { NamedTensor } from './keras-adadelta.js';
import { categoricalCrossentropy, countCorrect } from './losses.js';
import type { TensorData } from './tensor-data.js';
import type { TrainingBatch } from './training-types.js';

/** Loss and correct count of one shard of a batch. */
export interface ShardOutcome {
  /** The shard's mean cross-entropy times its share of the batch's rows, in nats. */
  loss: number;
  /** Number of the shard's rows classified correctly, with dropout active. */
  correct: number;
}

/**
 * Splits `rows` batch rows into `participants` contiguous ranges `[start, end)` whose sizes
 * differ by at most one, larger ranges first. Ranges are empty when there are fewer rows than
 * participants.
 */
export function shardRanges(rows: number, participants: number): [number, number][] {
  const base = Math.floor(rows / participants);
  const larger = rows % participants;
  const ranges: [number, number][] = [];
  let start = 0;
  for (let participant = 0; participant < participants; participant++) {
    const end = start + base + (participant < larger ? 1 : 0);
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

/**
 * Returns rows `[start, end)` of a batch. With `copy` the arrays are new (so that they can be
 * transferred to a worker thread); without it they are views of the batch's arrays.
 */
export function shardOf(batch: TrainingBatch, start: number, end: number, copy: boolean): TrainingBatch {
  const rowsOf = (data: TensorData, first: number, last: number): TensorData => {
    const width = data.data.length / data.shape[0];
    const values = copy ? data.data.slice(first * width, last * width) : data.data.subarray(first * width, last * width);
    return { data: values, shape: [last - first, ...data.shape.slice(1)] };
  };
  return { xs: rowsOf(batch.xs, start, end), ys: rowsOf(batch.ys, start, end) };
}

/**
 * Computes the gradient of `scale` times the mean categorical cross-entropy of a shard, with
 * dropout active, and writes it into `out`: the gradients of `variables`, flattened and
 * concatenated in order. With `scale` equal to the shard's share of the batch's rows, the
 * gradients of all shards add up to the gradient of the batch's mean loss.
 *
 * NOTE: a variable that gets no gradient (a weight that does not affect the loss) gets zeros,
 * so an optimizer with state decays that state, where `trainModel` skips the variable.
 *
 * @param shard - Rows of the batch; with no rows, `out` is filled with zeros.
 * @param out - Float32Array of the variables' total size.
 */
export function computeShardGradients(
  model: LayersModel,
  variables: Variable[],
  shard: TrainingBatch,
  scale: number,
  out: Float32Array,
): ShardOutcome {
  if (shard.xs.shape[0] === 0) {
    out.fill(0);
    return { loss: 0, correct: 0 };
  }

  const xs = tensor(shard.xs.data, shard.xs.shape);
  const ys = tensor(shard.ys.data, shard.ys.shape);
  let correct: Scalar | undefined;
  let result: { value: Scalar; grads: Record<string, Tensor> } | undefined;
  try {
    result = variableGrads(() => {
      const probabilities = model.apply(xs, { training: true }) as Tensor;
      correct = keep(countCorrect(ys, probabilities));
      return mul(categoricalCrossentropy(ys, probabilities), scale);
    }, variables);

    let offset = 0;
    for (const variable of variables) {
      const gradient = result.grads[variable.name];
      if (gradient === undefined) {
        out.fill(0, offset, offset + variable.size);
      } else {
        out.set(gradient.dataSync(), offset);
      }
      offset += variable.size;
    }

    return { loss: result.value.dataSync()[0], correct: (correct as Scalar).dataSync()[0] };
  } finally {
    dispose([xs, ys, ...(correct === undefined ? [] : [correct])]);
    if (result !== undefined) {
      dispose([result.value, ...Object.values(result.grads)]);
    }
  }
}

/**
 * Applies one optimizer step with the summed gradient `summed` (laid out as
 * {@link computeShardGradients} writes it) to `variables`.
 */
export function applySummedGradients(optimizer: Optimizer, variables: Variable[], summed: Float32Array): void {
  const gradients: NamedTensor[] = [];
  let offset = 0;
  for (const variable of variables) {
    gradients.push({ name: variable.name, tensor: tensor(summed.subarray(offset, offset + variable.size), variable.shape) });
    offset += variable.size;
  }

  try {
    optimizer.applyGradients(gradients);
  } finally {
    dispose(gradients.map(({ tensor: gradient }) => gradient));
  }
}
