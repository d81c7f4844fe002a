import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';

import { createReferenceCnn } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Shape = [number, number, number];

// The tutorial's architecture as layer arithmetic: 'valid' 3x3 convolutions, 3x3 pooling with
// stride 3, biases on every convolution and dense layer.
function expectedLayers(input: Shape, numClasses: number): { name: string; shape: number[]; params: number }[] {
  const conv = ([h, w, c]: Shape, filters: number): [Shape, number] => [[h - 2, w - 2, filters], (3 * 3 * c + 1) * filters];
  const pool = ([h, w, c]: Shape): Shape => [Math.floor((h - 3) / 3) + 1, Math.floor((w - 3) / 3) + 1, c];

  const [conv1, conv1Params] = conv(input, 32);
  const [conv2, conv2Params] = conv(conv1, 64);
  const pool1 = pool(conv2);
  const [conv3, conv3Params] = conv(pool1, 32);
  const pool2 = pool(conv3);
  const flat = pool2[0] * pool2[1] * pool2[2];

  return [
    { name: 'conv2d_1', shape: conv1, params: conv1Params },
    { name: 'conv2d_2', shape: conv2, params: conv2Params },
    { name: 'max_pooling2d_1', shape: pool1, params: 0 },
    { name: 'conv2d_3', shape: conv3, params: conv3Params },
    { name: 'max_pooling2d_2', shape: pool2, params: 0 },
    { name: 'flatten_1', shape: [flat], params: 0 },
    { name: 'dense_1', shape: [4096], params: (flat + 1) * 4096 },
    { name: 'dropout_1', shape: [4096], params: 0 },
    { name: 'dense_2', shape: [numClasses], params: (4096 + 1) * numClasses },
  ];
}

describe('createReferenceCnn', () => {
  test('layer names, output shapes and parameter counts for 28x28x1', () => {
    const model = createReferenceCnn({ seed: 1 });
    const expected = expectedLayers([28, 28, 1], 10);

    expect(model.layers.map((layer) => layer.name)).toEqual(expected.map((layer) => layer.name));
    for (const [i, layer] of model.layers.entries()) {
      expect(layer.outputShape, layer.name).toEqual([null, ...expected[i].shape]);
      expect(layer.countParams(), layer.name).toBe(expected[i].params);
    }
    expect(expected.map((layer) => layer.params)).toEqual([320, 18496, 0, 18464, 0, 0, 528384, 0, 40970]);
    expect(model.countParams()).toBe(expected.reduce((sum, layer) => sum + layer.params, 0));
    expect(model.countParams()).toBe(606634);
    model.dispose();
  });

  test('custom input shape and class count', () => {
    const model = createReferenceCnn({ seed: 2, inputShape: [32, 32, 3], numClasses: 5 });
    const expected = expectedLayers([32, 32, 3], 5);

    for (const [i, layer] of model.layers.entries()) {
      expect(layer.outputShape, layer.name).toEqual([null, ...expected[i].shape]);
      expect(layer.countParams(), layer.name).toBe(expected[i].params);
    }
    model.dispose();
  });

  test('same seed gives identical weights, another seed different ones', () => {
    const first = createReferenceCnn({ seed: 7 });
    const second = createReferenceCnn({ seed: 7 });
    const other = createReferenceCnn({ seed: 8 });

    const firstWeights = first.getWeights().map((weight) => weight.dataSync());
    const secondWeights = second.getWeights().map((weight) => weight.dataSync());
    const otherWeights = other.getWeights().map((weight) => weight.dataSync());
    expect(firstWeights.length).toBe(10);
    for (let i = 0; i < firstWeights.length; i++) {
      expect(secondWeights[i]).toEqual(firstWeights[i]);
    }
    const kernelIndexes = [0, 2, 4, 6, 8];
    for (const i of kernelIndexes) {
      expect(otherWeights[i]).not.toEqual(firstWeights[i]);
    }
    // Each layer draws its kernel from its own seed, so no two kernels start alike.
    expect(Array.from(firstWeights[0].slice(0, 8))).not.toEqual(Array.from(firstWeights[4].slice(0, 8)));

    for (const model of [first, second, other]) model.dispose();
  });

  test('kernels are Glorot-uniform and biases zero', () => {
    const model = createReferenceCnn({ seed: 3 });

    for (const layer of model.layers) {
      const weights = layer.getWeights();
      if (weights.length === 0) continue;
      const [kernel, bias] = weights;
      const receptiveField = kernel.shape.length === 4 ? kernel.shape[0] * kernel.shape[1] : 1;
      const fanIn = receptiveField * kernel.shape[kernel.shape.length - 2];
      const fanOut = receptiveField * kernel.shape[kernel.shape.length - 1];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const values = Array.from(kernel.dataSync());
      const max = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const meanSquare = values.reduce((s, v) => s + v * v, 0) / values.length;

      expect(max, layer.name).toBeLessThanOrEqual(limit);
      expect(max, layer.name).toBeGreaterThan(0.9 * limit);
      // A uniform distribution on [-limit, limit] has variance limit^2 / 3.
      expect(meanSquare / ((limit * limit) / 3), layer.name).toBeGreaterThan(0.8);
      expect(meanSquare / ((limit * limit) / 3), layer.name).toBeLessThan(1.2);
      expect(
        Array.from(bias.dataSync()).every((value) => value === 0),
        layer.name,
      ).toBe(true);
    }
    model.dispose();
  });

  test('predict returns probabilities per class', () => {
    const model = createReferenceCnn({ seed: 4 });
    const images = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 5);

    const output = model.predict(images) as tf.Tensor;
    expect(output.shape).toEqual([2, 10]);
    const rows = tf.sum(output, 1);
    expect(Array.from(rows.dataSync()).every((sum) => Math.abs(sum - 1) < 1e-5)).toBe(true);

    tf.dispose([images, output, rows]);
    model.dispose();
  });

  test('rejects invalid options', () => {
    expect(() => createReferenceCnn({ inputShape: [18, 28, 1] })).toThrow(/at least 19/);
    expect(() => createReferenceCnn({ inputShape: [28, 28] as unknown as Shape })).toThrow(/\[height, width, channels\]/);
    expect(() => createReferenceCnn({ numClasses: 0 })).toThrow(/numClasses must be a positive integer, received 0/);
    expect(() => createReferenceCnn({ seed: Number.NaN })).toThrow(/seed must be a finite number/);
  });

  test('smallest input 19x19 builds', () => {
    const model = createReferenceCnn({ inputShape: [19, 19, 1] });
    expect(model.outputShape).toEqual([null, 10]);
    expect(model.getLayer('max_pooling2d_2').outputShape).toEqual([null, 1, 1, 32]);
    model.dispose();
  });
});
