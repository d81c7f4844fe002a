import '@tensorflow/tfjs-backend-cpu';
import { createReferenceCnn } from '@projector-kit/cnn-model';
import * as tf from '@tensorflow/tfjs-core';
import {
  layers as tfLayers,
  model as createModel,
  sequential,
  type LayersModel,
  type SymbolicTensor,
} from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { extractFeatures } from '../src/index.js';
import { readMnistTestImages } from './mnist-images.js';

const ROWS = 7;
let model: LayersModel;
let images: Float32Array;
const input = () => ({ data: images, shape: [ROWS, 28, 28, 1] });

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = createReferenceCnn({ seed: 51 });
  images = readMnistTestImages(ROWS);
});

afterAll(() => {
  model.dispose();
});

/** Computes the layer's output for all rows with a sub-model built here, flattened to [rows, d]. */
function directActivations(layerName: string): { data: Float32Array; shape: number[] } {
  const layer = model.getLayer(layerName);
  const direct = createModel({ inputs: model.inputs, outputs: layer.output as SymbolicTensor });
  return tf.tidy(() => {
    const result = direct.predict(tf.tensor4d(images, [ROWS, 28, 28, 1])) as tf.Tensor;
    return { data: result.dataSync() as Float32Array, shape: [result.shape[0], result.size / result.shape[0]] };
  });
}

function expectClose(actual: Float32Array, expected: Float32Array, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  const index = actual.findIndex((value, i) => !(Math.abs(value - expected[i]) <= tolerance));
  expect(index, index === -1 ? '' : `index ${index}: ${actual[index]} vs ${expected[index]}`).toBe(-1);
}

describe('extractFeatures', () => {
  test('defaults to dense_1 and matches a direct predict', async () => {
    const result = await extractFeatures(model, input());

    const expected = directActivations('dense_1');
    expect(result.layer).toBe('dense_1');
    expect(result.features.shape).toEqual([ROWS, 4096]);
    expectClose(result.features.data, expected.data, 1e-6);
    expect(result.output).toBeUndefined();
    // ReLU features of real digits: non-negative and not all zero.
    expect(result.features.data.every((value) => value >= 0)).toBe(true);
    expect(result.features.data.some((value) => value > 0)).toBe(true);
  });

  test('7 rows in batches of 3 equal one batch', async () => {
    const progress: [number, number][] = [];

    const batched = await extractFeatures(model, input(), {
      batchSize: 3,
      onProgress: (done, total) => progress.push([done, total]),
    });
    const whole = await extractFeatures(model, input(), { batchSize: 256 });

    expect(progress).toEqual([
      [3, 7],
      [6, 7],
      [7, 7],
    ]);
    expectClose(batched.features.data, whole.features.data, 1e-6);
  });

  test('layer by negative index -3 is dense_1', async () => {
    const result = await extractFeatures(model, input(), { layer: -3, batchSize: 4 });

    expect(result.layer).toBe('dense_1');
    expectClose(result.features.data, directActivations('dense_1').data, 1e-6);
  });

  test('convolution output is flattened row-major', async () => {
    const result = await extractFeatures(model, input(), { layer: 'conv2d_3', batchSize: 5 });
    const byIndex = await extractFeatures(model, input(), { layer: 3, batchSize: 5 });

    const expected = directActivations('conv2d_3');
    expect(result.features.shape).toEqual([ROWS, 6 * 6 * 32]);
    expectClose(result.features.data, expected.data, 1e-6);
    expect(byIndex.layer).toBe('conv2d_3');
    expectClose(byIndex.features.data, expected.data, 0);
  });

  test('dropout is off: dropout_1 equals dense_1', async () => {
    const dropout = await extractFeatures(model, input(), { layer: 'dropout_1' });
    const dense = await extractFeatures(model, input(), { layer: 'dense_1' });

    expectClose(dropout.features.data, dense.features.data, 0);
  });

  test('alsoOutput returns the model output from the same pass', async () => {
    const result = await extractFeatures(model, input(), { alsoOutput: true, batchSize: 3 });

    const expected = tf.tidy(
      () => (model.predict(tf.tensor4d(images, [ROWS, 28, 28, 1])) as tf.Tensor).dataSync() as Float32Array,
    );
    expect(result.output?.shape).toEqual([ROWS, 10]);
    expectClose(result.output?.data ?? new Float32Array(0), expected, 1e-6);
    expectClose(result.features.data, directActivations('dense_1').data, 1e-6);
  });

  test('alsoOutput of the output layer itself', async () => {
    const result = await extractFeatures(model, input(), { layer: -1, alsoOutput: true });

    expect(result.layer).toBe('dense_2');
    expectClose(result.features.data, result.output?.data ?? new Float32Array(0), 0);
  });

  test('zero rows give empty features', async () => {
    const result = await extractFeatures(model, { data: new Float32Array(0), shape: [0, 28, 28, 1] });

    expect(result.features.shape).toEqual([0, 4096]);
    expect(result.features.data).toHaveLength(0);
  });

  test('leaks no tensors', async () => {
    const before = tf.memory().numTensors;

    await extractFeatures(model, input(), { batchSize: 4, alsoOutput: true });
    await extractFeatures(model, input(), { layer: 'max_pooling2d_1', batchSize: 6 });

    expect(tf.memory().numTensors).toBe(before);
  });

  test('unknown layer name lists the valid names', async () => {
    await expect(extractFeatures(model, input(), { layer: 'dense_3' })).rejects.toThrow(
      "options.layer 'dense_3' is not a layer of the model; valid layers are 0: conv2d_1, 1: conv2d_2, 2: max_pooling2d_1, " +
        '3: conv2d_3, 4: max_pooling2d_2, 5: flatten_1, 6: dense_1, 7: dropout_1, 8: dense_2.',
    );
  });

  test('index out of range lists the valid names', async () => {
    await expect(extractFeatures(model, input(), { layer: 9 })).rejects.toThrow(
      /index 9 is out of range for a model of 9 layers \(use -9 to 8\); valid layers are 0: conv2d_1, .*8: dense_2/,
    );
    await expect(extractFeatures(model, input(), { layer: -10 })).rejects.toThrow(/index -10 is out of range/);
    await expect(extractFeatures(model, input(), { layer: 1.5 })).rejects.toThrow(
      /must be a layer name or an integer index, received 1.5/,
    );
  });

  test('rejects input that does not fit the model', async () => {
    await expect(extractFeatures(model, { data: new Float32Array(784), shape: [1, 28, 28] })).rejects.toThrow(
      /input.shape must be \[n, 28, 28, 1\] to match the model's input, received \[1, 28, 28\]/,
    );
    await expect(extractFeatures(model, { data: new Float32Array(10), shape: [1, 28, 28, 1] })).rejects.toThrow(
      /requires 784 values but input.data has 10/,
    );
    await expect(extractFeatures(model, { data: [0] as unknown as Float32Array, shape: [1] })).rejects.toThrow(
      /input.data must be a Float32Array, received Array/,
    );
    await expect(extractFeatures(model, input(), { batchSize: 0 })).rejects.toThrow(
      /batchSize must be a positive integer, received 0/,
    );
  });
});

describe('extractFeatures default layer', () => {
  test('picks the widest Dense layer, the later one on a tie', async () => {
    const inputs = tfLayers.input({ shape: [3] });
    const first = tfLayers.dense({ units: 8, name: 'first' }).apply(inputs) as SymbolicTensor;
    const second = tfLayers.dense({ units: 8, name: 'second' }).apply(first) as SymbolicTensor;
    const narrow = tfLayers.dense({ units: 4, name: 'narrow' }).apply(second) as SymbolicTensor;
    const output = tfLayers.dense({ units: 2, activation: 'softmax', name: 'output' }).apply(narrow) as SymbolicTensor;
    const functional = createModel({ inputs, outputs: output });

    const result = await extractFeatures(functional, { data: new Float32Array([1, 2, 3]), shape: [1, 3] });

    expect(result.layer).toBe('second');
    expect(result.features.shape).toEqual([1, 8]);
    functional.dispose();
  });

  test('rejects a model without a Dense layer before the output', async () => {
    const convolutional = sequential({
      layers: [
        tfLayers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3, name: 'conv' }),
        tfLayers.flatten({ name: 'flat' }),
      ],
    });

    await expect(extractFeatures(convolutional, { data: new Float32Array(16), shape: [1, 4, 4, 1] })).rejects.toThrow(
      'extractFeatures: the model has no Dense layer before its output to default to; pass options.layer, one of 0: conv, 1: flat.',
    );
    convolutional.dispose();
  });
});
