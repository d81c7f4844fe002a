import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';

import { KerasAdadelta, trainModel, type EpochSummary, type StepProgress, type TrainingBatch } from '../src/index.js';
import { clusterBatches, createTinyClassifier, FEATURES, weightValues } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const batches = (epoch: number) => clusterBatches(epoch, 10, 16);

describe('trainModel', () => {
  test('loss falls and accuracy rises on separable clusters', async () => {
    const model = createTinyClassifier(1);
    const progress: StepProgress[] = [];

    // Adadelta starts with steps of about 0.0014, so the tiny model needs a few hundred steps.
    const result = await trainModel(model, {
      epochs: 10,
      stepsPerEpoch: 30,
      batches: (epoch) => clusterBatches(epoch, 30, 16),
      onStep: (p) => progress.push(p),
    });

    expect(result.history).toHaveLength(10);
    expect(result.history[9].loss).toBeLessThan(result.history[0].loss / 2);
    expect(result.history[9].accuracy).toBeGreaterThan(0.9);
    expect(progress[299].meanLoss).toBeLessThan(progress[29].meanLoss);
    model.dispose();
  });

  test('reports progress after every step', async () => {
    const model = createTinyClassifier(2);
    const progress: StepProgress[] = [];
    const summaries: EpochSummary[] = [];

    const result = await trainModel(model, {
      epochs: 2,
      stepsPerEpoch: 5,
      batches,
      onStep: (p) => progress.push(p),
      onEpochEnd: (s) => summaries.push(s),
    });

    expect(progress.map(({ epoch, step }) => [epoch, step])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 4],
    ]);
    expect(progress.every((p) => p.epochs === 2 && p.stepsPerEpoch === 5)).toBe(true);
    expect(progress.every((p) => p.accuracy >= 0 && p.accuracy <= 1 && p.loss > 0 && p.msPerStep > 0)).toBe(true);
    const firstEpoch = progress.slice(0, 5);
    const meanLoss = firstEpoch.reduce((sum, p) => sum + p.loss, 0) / 5;
    const meanAccuracy = firstEpoch.reduce((sum, p) => sum + p.accuracy, 0) / 5;
    expect(firstEpoch[4].meanLoss).toBeCloseTo(meanLoss, 10);
    expect(firstEpoch[4].meanAccuracy).toBeCloseTo(meanAccuracy, 10);
    expect(progress[9].etaSeconds).toBe(0);
    expect(progress[0].etaSeconds).toBeCloseTo((progress[0].msPerStep * 9) / 1000, 10);
    expect(summaries).toEqual(result.history);
    expect(summaries.map((s) => s.epoch)).toEqual([0, 1]);
    expect(summaries[1].loss).toBeCloseTo(progress.slice(5).reduce((sum, p) => sum + p.loss, 0) / 5, 10);
    expect(summaries[0].msPerStep).toBeCloseTo((summaries[0].seconds * 1000) / 5, 10);
    expect(result).toMatchObject({ stopped: false, epoch: 2, step: 0, stepsRun: 10 });
    model.dispose();
  });

  test('stopped run resumes to the same weights', async () => {
    const uninterruptedModel = createTinyClassifier(3);
    await trainModel(uninterruptedModel, { epochs: 2, stepsPerEpoch: 5, batches, optimizer: new KerasAdadelta() });

    const model = createTinyClassifier(3);
    const optimizer = new KerasAdadelta();
    let steps = 0;
    const stopped = await trainModel(model, { epochs: 2, stepsPerEpoch: 5, batches, optimizer, shouldStop: () => ++steps === 7 });
    expect(stopped).toMatchObject({ stopped: true, epoch: 1, step: 2, stepsRun: 7 });
    expect(stopped.history).toHaveLength(1);

    const resumed = await trainModel(model, { epochs: 2, stepsPerEpoch: 5, batches, optimizer, startEpoch: 1, startStep: 2 });
    expect(resumed).toMatchObject({ stopped: false, epoch: 2, step: 0, stepsRun: 3 });

    expect(weightValues(model)).toEqual(weightValues(uninterruptedModel));
    model.dispose();
    uninterruptedModel.dispose();
    optimizer.dispose();
  });

  test('stop on the last step of an epoch resumes at the next epoch', async () => {
    const model = createTinyClassifier(4);
    let steps = 0;

    const result = await trainModel(model, { epochs: 3, stepsPerEpoch: 5, batches, shouldStop: () => ++steps === 5 });

    expect(result).toMatchObject({ stopped: true, epoch: 1, step: 0, stepsRun: 5 });
    expect(result.history.map((s) => s.epoch)).toEqual([0]);
    model.dispose();
  });

  test('stop on the very last step reports a finished run', async () => {
    const model = createTinyClassifier(4);

    const result = await trainModel(model, { epochs: 1, stepsPerEpoch: 3, batches, shouldStop: () => true });

    expect(result).toMatchObject({ stopped: true, epoch: 0, step: 1, stepsRun: 1 });
    const finished = await trainModel(model, { epochs: 1, stepsPerEpoch: 3, batches, startStep: 2, shouldStop: () => true });
    expect(finished).toMatchObject({ stopped: false, epoch: 1, step: 0, stepsRun: 1 });
    model.dispose();
  });

  test('dropout is active during training', async () => {
    // Two identical models trained on the same batch end with different weights only if
    // dropout draws a random mask at each step.
    const first = createTinyClassifier(5, 0.5);
    const second = createTinyClassifier(5, 0.5);
    expect(weightValues(first)).toEqual(weightValues(second));

    await trainModel(first, { epochs: 1, stepsPerEpoch: 2, batches });
    await trainModel(second, { epochs: 1, stepsPerEpoch: 2, batches });

    expect(weightValues(first)[0]).not.toEqual(weightValues(second)[0]);
    first.dispose();
    second.dispose();
  });

  test('accepts async iterables', async () => {
    const model = createTinyClassifier(6);
    async function* asyncBatches(epoch: number): AsyncGenerator<TrainingBatch> {
      yield* clusterBatches(epoch, 3, 8);
    }

    const result = await trainModel(model, { epochs: 1, stepsPerEpoch: 3, batches: asyncBatches });

    expect(result.stepsRun).toBe(3);
    model.dispose();
  });

  test('leaks no tensors', async () => {
    const model = createTinyClassifier(7, 0.5);
    const before = tf.memory().numTensors;

    await trainModel(model, { epochs: 2, stepsPerEpoch: 3, batches });

    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  test('rejects an epoch with too few batches', async () => {
    const model = createTinyClassifier(8);

    await expect(trainModel(model, { epochs: 1, stepsPerEpoch: 11, batches })).rejects.toThrow(
      /batches\(0\) yielded 10 batches but stepsPerEpoch is 11/,
    );
    model.dispose();
  });

  test('rejects batches that do not fit the model', async () => {
    const model = createTinyClassifier(9);
    const data = new Float32Array(2 * (FEATURES + 1));
    const wrongWidth = () => [{ xs: { data, shape: [2, FEATURES + 1] }, ys: { data: new Float32Array(6), shape: [2, 3] } }];
    const wrongLabels = () => [
      { xs: { data: new Float32Array(8), shape: [2, FEATURES] }, ys: { data: new Float32Array(4), shape: [2, 2] } },
    ];
    const wrongLength = () => [
      { xs: { data: new Float32Array(7), shape: [2, FEATURES] }, ys: { data: new Float32Array(6), shape: [2, 3] } },
    ];

    await expect(trainModel(model, { epochs: 1, stepsPerEpoch: 1, batches: wrongWidth })).rejects.toThrow(
      /epoch 0, step 0\): batch.xs.shape must be \[n, 4\] to match the model's input, received \[2, 5\]/,
    );
    await expect(trainModel(model, { epochs: 1, stepsPerEpoch: 1, batches: wrongLabels })).rejects.toThrow(
      /batch.ys.shape must be \[2, 3\]/,
    );
    await expect(trainModel(model, { epochs: 1, stepsPerEpoch: 1, batches: wrongLength })).rejects.toThrow(
      /requires 8 values but batch.xs.data has 7/,
    );
    model.dispose();
  });

  test('rejects invalid counts and resume positions', async () => {
    const model = createTinyClassifier(10);

    await expect(trainModel(model, { epochs: 0, stepsPerEpoch: 1, batches })).rejects.toThrow(
      /epochs must be a positive integer, received 0/,
    );
    await expect(trainModel(model, { epochs: 1, stepsPerEpoch: 1.5, batches })).rejects.toThrow(
      /stepsPerEpoch must be a positive integer/,
    );
    await expect(trainModel(model, { epochs: 2, stepsPerEpoch: 3, batches, startEpoch: 2 })).rejects.toThrow(
      /startEpoch must be an integer in \[0, 1\], received 2/,
    );
    await expect(trainModel(model, { epochs: 2, stepsPerEpoch: 3, batches, startStep: 3 })).rejects.toThrow(
      /startStep must be an integer in \[0, 2\], received 3/,
    );
    model.dispose();
  });
});
