import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { expectClose, randomTensor, seededRandom, setUpBackends } from './helpers.js';
import type { TensorData } from './helpers.js';

beforeAll(setUpBackends);

/** Builds a small CNN with every layer type of the reference CNN except dropout, with seeded weights. */
function buildSmallCnn(): tfl.Sequential {
  const kernelInitializer = (seed: number) => tfl.initializers.glorotUniform({ seed });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [14, 13, 1],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: kernelInitializer(1),
      }),
      tfl.layers.conv2d({
        filters: 6,
        kernelSize: [3, 2],
        strides: 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: kernelInitializer(2),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 16, activation: 'relu', kernelInitializer: kernelInitializer(3) }),
      tfl.layers.dense({ units: 5, activation: 'softmax', kernelInitializer: kernelInitializer(4) }),
    ],
  });
}

/** Returns the gradients of the categorical cross-entropy of one batch, by weight name, as plain data. */
async function lossGradients(
  backendName: 'wasm' | 'cpu',
  model: tfl.Sequential,
  images: TensorData,
  labels: number[],
): Promise<Map<string, TensorData>> {
  await tf.setBackend(backendName);
  const xs = tf.tensor(images.data, images.shape);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 5));
  const { grads, value } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor) as tf.Scalar);

  const gradients = new Map<string, TensorData>();
  for (const [name, gradient] of Object.entries(grads)) {
    gradients.set(name, { data: new Float32Array(gradient.dataSync()), shape: gradient.shape });
  }
  tf.dispose([xs, ys, value, ...Object.values(grads)]);
  return gradients;
}

describe('training gradients on wasm match cpu', () => {
  it('small CNN gradients x=[6,14,13,1] with conv, stride 2 same, max pool and dense', async () => {
    const random = seededRandom(99);
    const images = randomTensor(random, [6, 14, 13, 1]);
    const labels = [0, 1, 2, 3, 4, 0];
    await tf.setBackend('wasm');
    const model = buildSmallCnn();
    // One warm-up pass lets tfjs-layers and tfjs-core create their cached constants.
    await lossGradients('wasm', model, images, labels);
    await lossGradients('cpu', model, images, labels);
    const tensorsBefore = tf.memory().numTensors;

    const onWasm = await lossGradients('wasm', model, images, labels);
    const onCpu = await lossGradients('cpu', model, images, labels);

    expect([...onWasm.keys()]).toEqual([...onCpu.keys()]);
    expect(onWasm.size).toBe(8);
    for (const [name, expected] of onCpu) {
      expectClose(onWasm.get(name) as TensorData, expected, 1e-4);
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    model.dispose();
  });
});
