import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';

import { GradientExchange } from '../src/gradient-exchange.js';
import { KerasAdadelta } from '../src/index.js';
import { ShardedAdadelta } from '../src/sharded-adadelta.js';
import { createRandom } from './fixtures.js';
import { expectArraysClose } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shapes = [[2, 3], [4], [3, 1]];
const size = 13;

function createVariables(prefix: string): tf.Variable[] {
  const random = createRandom(3);
  return shapes.map((shape, i) =>
    tf.variable(
      tf.tensor(
        Array.from({ length: shape.reduce((a, b) => a * b) }, () => random() - 0.5),
        shape,
      ),
      true,
      `${prefix}/w${i}`,
    ),
  );
}

/** Writes seeded gradient parts of step `sequence` into every participant's slot; returns their float32 sum. */
function fillSlots(exchange: GradientExchange, sequence: number): Float32Array {
  const random = createRandom(100 + sequence);
  const sum = new Float32Array(size);
  for (let participant = 0; participant < exchange.buffers.participants; participant++) {
    const slot = exchange.slot(sequence, participant);
    for (let i = 0; i < size; i++) {
      slot[i] = (random() - 0.5) * (i + 1);
      sum[i] = participant === 0 ? slot[i] : Math.fround(sum[i] + slot[i]);
    }
  }
  return sum;
}

/** Applies `steps` steps to both: the sharded rule with 3 participants, and KerasAdadelta on the summed gradients. */
function runBoth(
  sharded: ShardedAdadelta,
  exchange: GradientExchange,
  ours: tf.Variable[],
  reference: KerasAdadelta,
  theirs: tf.Variable[],
  sequences: number[],
): void {
  for (const sequence of sequences) {
    const sum = fillSlots(exchange, sequence);
    for (let participant = 0; participant < 3; participant++) {
      sharded.updateRange(sequence, participant);
    }
    expect(sharded.allUpdated(sequence)).toBe(true);
    sharded.assignTo(ours);

    let offset = 0;
    const gradients = theirs.map((variable) => {
      const gradient = { name: variable.name, tensor: tf.tensor(sum.slice(offset, offset + variable.size), variable.shape) };
      offset += variable.size;
      return gradient;
    });
    reference.applyGradients(gradients);
    tf.dispose(gradients.map(({ tensor }) => tensor));
  }
}

describe('ShardedAdadelta', () => {
  test('matches KerasAdadelta over 6 steps with 3 participants', async () => {
    const exchange = GradientExchange.create(3, size);
    const ours = createVariables('sharded_a');
    const theirs = createVariables('keras_a');
    const sharded = await ShardedAdadelta.fromOptimizer(new KerasAdadelta(), ours, exchange);
    const reference = new KerasAdadelta();

    runBoth(sharded, exchange, ours, reference, theirs, [1, 2, 3, 4, 5, 6]);

    ours.forEach((variable, i) => expectArraysClose(variable.dataSync(), theirs[i].dataSync(), 1e-6));
    expect(sharded.range(0)).toEqual([0, 4]);
    expect(sharded.range(2)).toEqual([8, 13]);
    tf.dispose([...ours, ...theirs]);
    reference.dispose();
  });

  test('state round trip through KerasAdadelta continues the same', async () => {
    const exchange = GradientExchange.create(3, size);
    const ours = createVariables('sharded_b');
    const theirs = createVariables('keras_b');
    const first = await ShardedAdadelta.fromOptimizer(new KerasAdadelta(), ours, exchange);
    const reference = new KerasAdadelta();
    runBoth(first, exchange, ours, reference, theirs, [1, 2, 3]);

    const saved = new KerasAdadelta();
    await first.writeTo(saved, ours, 3);
    const secondExchange = GradientExchange.create(3, size);
    const second = await ShardedAdadelta.fromOptimizer(saved, ours, secondExchange);
    runBoth(second, secondExchange, ours, reference, theirs, [4, 5]);

    expect(saved.iterations).toBe(3);
    const savedState = await saved.getWeights();
    expect(savedState.map(({ name }) => name)).toEqual([
      'iter',
      ...ours.map((v) => `${v.name}/accum_grad`),
      ...ours.map((v) => `${v.name}/accum_var`),
    ]);
    ours.forEach((variable, i) => expectArraysClose(variable.dataSync(), theirs[i].dataSync(), 1e-6));
    tf.dispose(savedState[0].tensor);
    tf.dispose([...ours, ...theirs]);
    reference.dispose();
    saved.dispose();
  });
});
