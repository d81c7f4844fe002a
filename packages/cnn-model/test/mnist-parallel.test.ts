import { selectBackend } from '@projector-kit/backend';
import * as tf from '@tensorflow/tfjs-core';
import { initializers, layers, sequential, type Sequential } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

import { categoricalCrossentropy, createReferenceCnn, evaluateModel, trainModelParallel } from '../src/index.js';
import type { ReplicaInspection } from '../src/replica-pool.js';
import { trainWithReplicas } from '../src/train-parallel.js';
import { createRandom, weightValues } from './fixtures.js';
import { mnistBatches, readMnist } from './mnist.js';

const wasmSetup = new URL('./setup/wasm-backend.ts', import.meta.url);

beforeAll(async () => {
  const backend = await selectBackend({ backend: 'wasm' });
  expect(backend.name).toBe('wasm');
});

afterAll(() => {
  vi.restoreAllMocks();
});

/** Creates a small CNN without dropout: conv2d(8, 3x3, relu), max pooling 2x2, dense(10, softmax). */
function createSmallCnn(seed: number): Sequential {
  return sequential({
    layers: [
      layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 8,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: initializers.glorotUniform({ seed }),
      }),
      layers.maxPooling2d({ poolSize: 2 }),
      layers.flatten(),
      layers.dense({ units: 10, activation: 'softmax', kernelInitializer: initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

describe('trainModelParallel on MNIST (wasm backend)', () => {
  test('all-reduced gradient equals the full-batch gradient', async () => {
    const train = readMnist('train', 1000);
    const [batch] = mnistBatches(train, 1, 3, 10);
    const reference = createSmallCnn(11);
    const model = createSmallCnn(11);
    const before = weightValues(model);

    const { grads, value } = tf.variableGrads(() => {
      const probabilities = reference.apply(tf.tensor(batch.xs.data, batch.xs.shape), { training: true }) as tf.Tensor;
      return categoricalCrossentropy(tf.tensor(batch.ys.data, batch.ys.shape), probabilities);
    });
    const expected = reference.trainableWeights.map((weight) =>
      Float32Array.from(grads[(weight.read() as tf.Variable).name].dataSync()),
    );
    // Plain SGD with learning rate 1 moves every weight by exactly the summed gradient, up to the
    // float32 rounding of w - g. Three workers split the 10 rows into shards of 4, 3 and 3.
    await trainModelParallel(model, {
      epochs: 1,
      stepsPerEpoch: 1,
      batches: () => [batch],
      optimizer: tf.train.sgd(1),
      workers: 3,
      workerSetup: wasmSetup,
    });

    const after = weightValues(model);
    expected.forEach((gradient, i) => {
      const largest = gradient.reduce((max, g) => Math.max(max, Math.abs(g)), 0);
      const largestWeight = before[i].reduce((max, w) => Math.max(max, Math.abs(w)), 0);
      // Rounding of w - g and of the recovered difference (2 ulp of the largest weight), plus
      // float32 sums over differently ordered terms (1e-5 of the largest gradient).
      const tolerance = 2 * 1.2e-7 * Math.max(largestWeight, largest) + 1e-5 * largest;
      for (let j = 0; j < gradient.length; j++) {
        const recovered = before[i][j] - after[i][j];
        if (!(Math.abs(recovered - gradient[j]) <= tolerance)) {
          expect.fail(`weight ${i} index ${j}: all-reduced ${recovered}, full batch ${gradient[j]}, tolerance ${tolerance}`);
        }
      }
    });
    tf.dispose([value, ...Object.values(grads)]);
    reference.dispose();
    model.dispose();
  });

  test('200 steps keep replicas identical and reach 90 %', async () => {
    // The calling thread's dropout masks come from Math.random, and the worker threads' seeds are
    // drawn from it too, so a seeded Math.random makes the whole run repeat. Over eight seeds of
    // the model, the data order and Math.random, 200 steps reached 91.8 % to 95.2 %.
    vi.spyOn(Math, 'random').mockImplementation(createRandom(5));
    const train = readMnist('train');
    const testSet = readMnist('t10k', 1000);
    const model = createReferenceCnn({ seed: 42 });
    const before = tf.memory().numTensors;
    const inspections: ReplicaInspection[][] = [];
    const inspect = async (pool: { inspect: () => Promise<ReplicaInspection[]> }) => {
      inspections.push(await pool.inspect());
    };

    const result = await trainWithReplicas(
      model,
      { epochs: 1, stepsPerEpoch: 200, batches: () => mnistBatches(train, 200, 1), workers: 2, workerSetup: wasmSetup },
      { started: inspect, finished: inspect },
    );
    const evaluation = await evaluateModel(model, { data: testSet.images, shape: [testSet.rows, 28, 28, 1] }, testSet.labels);

    console.log(
      `200 parallel steps on 2 replicas: ${result.history[0].msPerStep.toFixed(0)} ms/step, ` +
        `test accuracy ${(evaluation.accuracy * 100).toFixed(1)} % on ${testSet.rows} images`,
    );
    expect(result.stepsRun).toBe(200);
    const [started, finished] = inspections;
    expect(finished[0].weights).toEqual(weightValues(model));
    expect(finished[0].numTensors).toBe(started[0].numTensors);
    expect(tf.memory().numTensors).toBe(before);
    expect(evaluation.accuracy).toBeGreaterThanOrEqual(0.9);
    model.dispose();
  }, 240_000);
});
