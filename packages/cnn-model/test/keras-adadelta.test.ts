import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';

import { KerasAdadelta } from '../src/index.js';
import { expectArraysClose } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const initialWeights = [0.5, -1.25, 2, 0.001, -0.3];

// Gradient of step `t` (0-based) for weight `i`: varied signs and magnitudes, one exact zero.
function gradientAt(t: number, i: number): number {
  if (i === 3 && t === 1) return 0;
  return Math.sin(1.7 * t + i) * (i + 1) * 0.4;
}

/** Applies the Keras update rule in float64, one weight at a time, and returns the weights. */
function kerasAdadeltaByHand(
  weights: number[],
  gradients: (t: number, i: number, w: number) => number,
  steps: number,
  { learningRate = 1.0, rho = 0.95, epsilon = 1e-7 } = {},
): number[] {
  const w = [...weights];
  const a = w.map(() => 0);
  const d = w.map(() => 0);
  for (let t = 0; t < steps; t++) {
    for (let i = 0; i < w.length; i++) {
      const g = gradients(t, i, w[i]);
      a[i] = rho * a[i] + (1 - rho) * g * g;
      const u = (g * Math.sqrt(d[i] + epsilon)) / Math.sqrt(a[i] + epsilon);
      d[i] = rho * d[i] + (1 - rho) * u * u;
      w[i] -= learningRate * u;
    }
  }
  return w;
}

function applySteps(optimizer: tf.Optimizer, weight: tf.Variable, firstStep: number, steps: number): void {
  for (let t = firstStep; t < firstStep + steps; t++) {
    const gradient = tf.tensor1d(initialWeights.map((_, i) => gradientAt(t, i)));
    optimizer.applyGradients({ [weight.name]: gradient });
    gradient.dispose();
  }
}

describe('KerasAdadelta', () => {
  test('matches the update rule by hand over 6 steps', () => {
    const weight = tf.variable(tf.tensor1d(initialWeights));
    const optimizer = new KerasAdadelta();

    applySteps(optimizer, weight, 0, 6);

    const expected = kerasAdadeltaByHand(initialWeights, (t, i) => gradientAt(t, i), 6);
    expectArraysClose(weight.dataSync(), expected, 1e-6);
    expect(optimizer.iterations).toBe(6);
    optimizer.dispose();
    weight.dispose();
  });

  test('matches the rule by hand with custom settings', () => {
    const weight = tf.variable(tf.tensor1d(initialWeights));
    const settings = { learningRate: 0.5, rho: 0.9, epsilon: 1e-6 };
    const optimizer = new KerasAdadelta(settings);

    applySteps(optimizer, weight, 0, 4);

    const expected = kerasAdadeltaByHand(initialWeights, (t, i) => gradientAt(t, i), 4, settings);
    expectArraysClose(weight.dataSync(), expected, 1e-6);
    optimizer.dispose();
    weight.dispose();
  });

  test('minimize follows the rule on a quadratic loss', () => {
    // loss = sum(c_i * w_i^2), so the gradient of weight i is 2 * c_i * w_i.
    const coefficients = [1, 3, 0.5, 10, 2];
    const weight = tf.variable(tf.tensor1d(initialWeights));
    const c = tf.tensor1d(coefficients);
    const optimizer = new KerasAdadelta();

    for (let t = 0; t < 5; t++) {
      const loss = optimizer.minimize(() => tf.sum(tf.mul(c, tf.square(weight))), true);
      loss?.dispose();
    }

    const expected = kerasAdadeltaByHand(initialWeights, (_t, i, w) => 2 * coefficients[i] * w, 5);
    expectArraysClose(weight.dataSync(), expected, 1e-6);
    tf.dispose([weight, c]);
    optimizer.dispose();
  });

  test('first step differs from tfjs AdadeltaOptimizer', () => {
    // tfjs 4.22 divides by the accumulator before this step's update, which is zero on the first
    // step, so sqrt(epsilon) / sqrt(epsilon) = 1 and each weight moves by learningRate * g.
    const ours = tf.variable(tf.tensor1d(initialWeights));
    const theirs = tf.variable(tf.tensor1d(initialWeights));
    const keras = new KerasAdadelta();
    const tfjs = tf.train.adadelta(1.0, 0.95, 1e-7);

    applySteps(keras, ours, 0, 1);
    applySteps(tfjs, theirs, 0, 1);

    const fullGradientStep = initialWeights.map((w, i) => w - gradientAt(0, i));
    expectArraysClose(theirs.dataSync(), fullGradientStep, 1e-6);
    const kerasStep = kerasAdadeltaByHand(initialWeights, (t, i) => gradientAt(t, i), 1);
    expectArraysClose(ours.dataSync(), kerasStep, 1e-6);
    // Keras's first step is about sqrt(epsilon / (1 - rho)) = 0.0014 per weight.
    const moved = Array.from(ours.dataSync(), (w, i) => Math.abs(w - initialWeights[i]));
    expect(Math.max(...moved)).toBeLessThan(0.0015);
    expect(Math.max(...moved)).toBeGreaterThan(0.001);

    tf.dispose([ours, theirs]);
    keras.dispose();
    tfjs.dispose();
  });

  test('restored state continues identically', async () => {
    const weight = tf.variable(tf.tensor1d(initialWeights));
    const original = new KerasAdadelta();
    applySteps(original, weight, 0, 3);

    const savedWeight = tf.clone(weight);
    const savedState = (await original.getWeights()).map(({ name, tensor }) => ({ name, tensor: tf.clone(tensor) }));
    applySteps(original, weight, 3, 3);
    const uninterrupted = Array.from(weight.dataSync());

    weight.assign(savedWeight);
    const resumed = new KerasAdadelta();
    await resumed.setWeights(savedState);
    tf.dispose(savedState.map(({ tensor }) => tensor));
    expect(resumed.iterations).toBe(3);
    applySteps(resumed, weight, 3, 3);

    expect(Array.from(weight.dataSync())).toEqual(uninterrupted);
    expect(resumed.iterations).toBe(6);
    tf.dispose([weight, savedWeight]);
    original.dispose();
    resumed.dispose();
  });

  test('getWeights lists iter, accum_grad then accum_var', async () => {
    const first = tf.variable(tf.zeros([2]), true, 'adadelta_test/first');
    const second = tf.variable(tf.zeros([3]), true, 'adadelta_test/second');
    const optimizer = new KerasAdadelta();
    const gradients = { [first.name]: tf.ones([2]), [second.name]: tf.ones([3]) };

    optimizer.applyGradients(gradients);
    const state = await optimizer.getWeights();

    expect(state.map(({ name }) => name)).toEqual([
      'iter',
      'adadelta_test/first/accum_grad',
      'adadelta_test/second/accum_grad',
      'adadelta_test/first/accum_var',
      'adadelta_test/second/accum_var',
    ]);
    // a = (1 - rho) * g^2 after one step with g = 1.
    expectArraysClose(state[1].tensor.dataSync(), [0.05, 0.05], 1e-7);
    state[0].tensor.dispose();
    tf.dispose([first, second, ...Object.values(gradients)]);
    optimizer.dispose();
  });

  test('setWeights rejects incomplete state', async () => {
    const optimizer = new KerasAdadelta();
    const iteration = tf.scalar(1, 'int32');
    const tensor = tf.zeros([2]);

    await expect(
      optimizer.setWeights([
        { name: 'iter', tensor: iteration },
        { name: 'w/other', tensor },
      ]),
    ).rejects.toThrow(/'w\/other' ends in neither/);
    await expect(
      optimizer.setWeights([
        { name: 'iter', tensor: iteration },
        { name: 'w/accum_grad', tensor },
      ]),
    ).rejects.toThrow(/variable 'w' needs both/);
    tf.dispose([iteration, tensor]);
  });

  test('leaks no tensors', () => {
    const weight = tf.variable(tf.tensor1d(initialWeights));
    const optimizer = new KerasAdadelta();
    applySteps(optimizer, weight, 0, 1);
    const before = tf.memory().numTensors;

    applySteps(optimizer, weight, 1, 3);

    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    weight.dispose();
  });

  test('registered for serialization', () => {
    const entry = tf.serialization.SerializationMap.getMap().classNameMap.KerasAdadelta;
    expect(entry).toBeDefined();
    const [cls, fromConfig] = entry;
    const copy = fromConfig(cls, new KerasAdadelta({ learningRate: 0.3, rho: 0.8 }).getConfig()) as KerasAdadelta;

    expect(copy).toBeInstanceOf(KerasAdadelta);
    expect(copy.getConfig()).toEqual({ learningRate: 0.3, rho: 0.8, epsilon: 1e-7 });
  });

  test('rejects invalid settings', () => {
    expect(() => new KerasAdadelta({ learningRate: 0 })).toThrow(/learningRate must be a positive finite number, received 0/);
    expect(() => new KerasAdadelta({ rho: 1 })).toThrow(/rho must be in \[0, 1\), received 1/);
    expect(() => new KerasAdadelta({ epsilon: -1 })).toThrow(/epsilon must be a positive finite number, received -1/);
  });
});
