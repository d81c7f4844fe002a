import { serialization, type Tensor } from '@tensorflow/tfjs-core';
import { initializers, layers, sequential, type Sequential } from '@tensorflow/tfjs-layers';

import type { TrainingBatch } from '../src/index.js';

/** Seeded uniform numbers in [0, 1) (mulberry32). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FEATURES = 4;
export const CLASSES = 3;

/** Rows of 4 features drawn around one of 3 well-separated centres; the label is the centre. */
export function createClusters(rows: number, seed: number): { xs: Float32Array; labels: Uint8Array } {
  const random = createRandom(seed);
  const centres = [
    [2, 0, 0, 1],
    [0, 2, 0, -1],
    [0, 0, 2, 0],
  ];
  const xs = new Float32Array(rows * FEATURES);
  const labels = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    const label = Math.floor(random() * CLASSES);
    labels[row] = label;
    for (let j = 0; j < FEATURES; j++) {
      xs[row * FEATURES + j] = centres[label][j] + (random() - 0.5);
    }
  }
  return { xs, labels };
}

/** One-hot encodes class indexes. */
export function oneHot(labels: Uint8Array, classes: number): Float32Array {
  const ys = new Float32Array(labels.length * classes);
  labels.forEach((label, row) => {
    ys[row * classes + label] = 1;
  });
  return ys;
}

/** Batches of `batchSize` cluster rows; each epoch draws new rows from its own seed. */
export function* clusterBatches(epoch: number, steps: number, batchSize: number): Generator<TrainingBatch> {
  for (let step = 0; step < steps; step++) {
    const { xs, labels } = createClusters(batchSize, 1000 * epoch + step + 1);
    yield {
      xs: { data: xs, shape: [batchSize, FEATURES] },
      ys: { data: oneHot(labels, CLASSES), shape: [batchSize, CLASSES] },
    };
  }
}

/** Creates a small dense classifier with seeded weights, optionally with a dropout layer before the output. */
export function createTinyClassifier(seed: number, dropoutRate = 0): Sequential {
  const model = sequential();
  model.add(
    layers.dense({
      inputShape: [FEATURES],
      units: 8,
      activation: 'relu',
      kernelInitializer: initializers.glorotUniform({ seed }),
    }),
  );
  if (dropoutRate > 0) {
    model.add(layers.dropout({ rate: dropoutRate }));
  }
  model.add(
    layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: initializers.glorotUniform({ seed: seed + 1 }) }),
  );
  return model;
}

/** Returns copies of all weight values of a model, in layer order. */
export function weightValues(model: Sequential): Float32Array[] {
  return model.getWeights().map((weight) => Float32Array.from(weight.dataSync() as Float32Array));
}

/** A layer that passes its input through; a worker setup module of the tests replaces it with one that fails. */
export class FlakyIdentity extends layers.Layer {
  static className = 'FlakyIdentity';

  override call(inputs: Tensor | Tensor[]): Tensor {
    return Array.isArray(inputs) ? inputs[0] : inputs;
  }
}
serialization.registerClass(FlakyIdentity);
