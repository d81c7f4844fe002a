import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';

import { createReferenceCnn, evaluateModel, predictClasses } from '../src/index.js';
import { CLASSES, createClusters, createTinyClassifier, FEATURES } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Predictions, loss and confusion computed from `model.predict` on all rows at once. */
function expectedEvaluation(model: LayersModel, xs: Float32Array, labels: Uint8Array) {
  const output = model.predict(tf.tensor2d(xs, [labels.length, FEATURES])) as tf.Tensor;
  const probabilities = output.arraySync() as number[][];
  output.dispose();

  const predictions = probabilities.map((row) => row.indexOf(Math.max(...row)));
  const confusion = new Array(CLASSES * CLASSES).fill(0);
  let loss = 0;
  probabilities.forEach((row, i) => {
    const sum = row.reduce((a, b) => a + b, 0);
    loss -= Math.log(Math.min(Math.max(row[labels[i]] / sum, 1e-7), 1 - 1e-7));
    confusion[labels[i] * CLASSES + predictions[i]]++;
  });
  const correct = predictions.filter((p, i) => p === labels[i]).length;
  return { predictions, confusion, loss: loss / labels.length, accuracy: correct / labels.length };
}

describe('evaluateModel', () => {
  test('matches a direct predict with 7 rows in batches of 3', async () => {
    const model = createTinyClassifier(11);
    const { xs, labels } = createClusters(7, 12);
    const progress: [number, number][] = [];

    const evaluation = await evaluateModel(model, { data: xs, shape: [7, FEATURES] }, labels, {
      batchSize: 3,
      onProgress: (done, total) => progress.push([done, total]),
    });

    const expected = expectedEvaluation(model, xs, labels);
    expect(Array.from(evaluation.predictions)).toEqual(expected.predictions);
    expect(Array.from(evaluation.confusion)).toEqual(expected.confusion);
    expect(evaluation.accuracy).toBeCloseTo(expected.accuracy, 12);
    expect(evaluation.loss).toBeCloseTo(expected.loss, 5);
    expect(progress).toEqual([
      [3, 7],
      [6, 7],
      [7, 7],
    ]);
    model.dispose();
  });

  test('confusion rows sum to the label counts', async () => {
    const model = createTinyClassifier(13);
    const { xs, labels } = createClusters(50, 14);

    const { confusion } = await evaluateModel(model, { data: xs, shape: [50, FEATURES] }, labels, { batchSize: 16 });

    for (let label = 0; label < CLASSES; label++) {
      const rowSum = confusion.slice(label * CLASSES, (label + 1) * CLASSES).reduce((a, b) => a + b, 0);
      expect(rowSum).toBe(labels.filter((l) => l === label).length);
    }
    model.dispose();
  });

  test('runs the reference CNN on images without leaking tensors', async () => {
    const model = createReferenceCnn({ seed: 15 });
    const images = new Float32Array(5 * 784).map((_, i) => (i % 37) / 37);
    const labels = Uint8Array.from([0, 1, 2, 3, 4]);
    const before = tf.memory().numTensors;

    const evaluation = await evaluateModel(model, { data: images, shape: [5, 28, 28, 1] }, labels, { batchSize: 2 });

    expect(tf.memory().numTensors).toBe(before);
    expect(evaluation.predictions).toHaveLength(5);
    expect(evaluation.confusion).toHaveLength(100);
    // An untrained softmax over 10 classes gives each class about 0.1, a loss near ln 10.
    expect(evaluation.loss).toBeGreaterThan(1.5);
    expect(evaluation.loss).toBeLessThan(3.5);
    model.dispose();
  });

  test('rejects mismatched labels and input', async () => {
    const model = createTinyClassifier(16);
    const input = { data: new Float32Array(3 * FEATURES), shape: [3, FEATURES] };

    await expect(evaluateModel(model, input, new Uint8Array(2))).rejects.toThrow(/labels has 2 entries but input has 3 rows/);
    await expect(evaluateModel(model, input, Uint8Array.from([0, 3, 1]))).rejects.toThrow(
      /labels\[1\] is 3 but the model has 3 classes; labels must be in \[0, 2\]/,
    );
    await expect(evaluateModel(model, { data: new Float32Array(9), shape: [3, 3] }, new Uint8Array(3))).rejects.toThrow(
      /input.shape must be \[n, 4\] to match the model's input, received \[3, 3\]/,
    );
    await expect(evaluateModel(model, input, new Uint8Array(3), { batchSize: 0 })).rejects.toThrow(
      /batchSize must be a positive integer, received 0/,
    );
    await expect(evaluateModel(model, input, [0, 1, 2] as unknown as Uint8Array)).rejects.toThrow(/labels must be a Uint8Array/);
    model.dispose();
  });
});

describe('predictClasses', () => {
  test('equals the argmax of predict', async () => {
    const model = createTinyClassifier(17);
    const { xs, labels } = createClusters(10, 18);

    const classes = await predictClasses(model, { data: xs, shape: [10, FEATURES] }, { batchSize: 4 });

    expect(Array.from(classes)).toEqual(expectedEvaluation(model, xs, labels).predictions);
    model.dispose();
  });

  test('returns an empty array for zero rows', async () => {
    const model = createTinyClassifier(19);

    const classes = await predictClasses(model, { data: new Float32Array(0), shape: [0, FEATURES] });

    expect(classes).toHaveLength(0);
    model.dispose();
  });
});
