import { selectBackend } from '@projector-kit/backend';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { createReferenceCnn, evaluateModel, trainModel, type StepProgress } from '../src/index.js';
import { createRandom } from './fixtures.js';
import { mnistBatches, readMnist } from './mnist.js';

beforeAll(async () => {
  const backend = await selectBackend({ backend: 'wasm' });
  expect(backend.name).toBe('wasm');

  // tfjs seeds each unseeded random op, dropout among them, from Math.random. A seeded
  // Math.random makes the dropout masks, and so the accuracy reached, the same on every run:
  // across model and data seeds 200 steps end between about 89 % and 95 %.
  vi.spyOn(Math, 'random').mockImplementation(createRandom(5));
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe('reference CNN on MNIST (wasm backend)', () => {
  test('200 steps of 32 images reach 90 % on 1,000 test images', async () => {
    const train = readMnist('train');
    const testSet = readMnist('t10k', 1000);
    const model = createReferenceCnn({ seed: 42 });
    const losses: number[] = [];
    const before = tf.memory().numTensors;

    const result = await trainModel(model, {
      epochs: 1,
      stepsPerEpoch: 200,
      batches: () => mnistBatches(train, 200, 1),
      onStep: (progress: StepProgress) => losses.push(progress.loss),
    });
    const evaluation = await evaluateModel(model, { data: testSet.images, shape: [testSet.rows, 28, 28, 1] }, testSet.labels);

    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    console.log(
      `200 steps: ${result.history[0].msPerStep.toFixed(0)} ms/step, first 20 steps loss ${mean(losses.slice(0, 20)).toFixed(3)}, ` +
        `last 20 ${mean(losses.slice(-20)).toFixed(3)}, test accuracy ${(evaluation.accuracy * 100).toFixed(1)} % on ${testSet.rows} images`,
    );
    expect(result.stepsRun).toBe(200);
    expect(mean(losses.slice(-20))).toBeLessThan(mean(losses.slice(0, 20)) / 2);
    expect(evaluation.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  }, 240_000);
});
