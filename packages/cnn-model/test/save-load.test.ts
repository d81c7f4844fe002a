import '@tensorflow/tfjs-backend-cpu';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel, type Sequential } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { createReferenceCnn, KerasAdadelta, loadModel, loadOptimizer, saveModel, trainModel } from '../src/index.js';
import { clusterBatches, createTinyClassifier, weightValues } from './fixtures.js';
import { expectArraysClose } from './helpers.js';

let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'cnn-model-save-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const batches = (epoch: number) => clusterBatches(epoch, 6, 16);

function predictValues(model: LayersModel, images: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(images) as tf.Tensor).dataSync() as Float32Array);
}

describe('saveModel and loadModel', () => {
  test('loaded reference CNN predicts like the saved one', async () => {
    const dir = join(root, 'reference');
    const model = createReferenceCnn({ seed: 21 });
    const images = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 22);

    await saveModel(model, dir);
    const loaded = await loadModel(dir);

    expect(loaded.layers.map((layer) => layer.name)).toEqual(model.layers.map((layer) => layer.name));
    expectArraysClose(predictValues(loaded, images), predictValues(model, images), 1e-6);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    tf.dispose(images);
    model.dispose();
    loaded.dispose();
  });

  test('model.json loads with a plain load handler', async () => {
    const dir = join(root, 'plain');
    const model = createTinyClassifier(23);
    const input = tf.tensor2d([
      [1, 0, 0, 1],
      [0, 2, 0, -1],
    ]);
    await saveModel(model, dir);

    const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    const weights = await readFile(join(dir, modelJson.weightsManifest[0].paths[0]));
    const loaded = await loadLayersModel({
      load: async () => ({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: new Uint8Array(weights).buffer,
      }),
    });

    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    expectArraysClose(predictValues(loaded, input), predictValues(model, input), 1e-6);
    tf.dispose(input);
    model.dispose();
    loaded.dispose();
  });

  test('extra is returned as user-defined metadata', async () => {
    const dir = join(root, 'extra');
    const model = createTinyClassifier(24);

    await saveModel(model, dir, { extra: { epoch: 3, step: 17, note: 'resume here' } });
    const loaded = await loadModel(dir);

    expect(loaded.getUserDefinedMetadata()).toEqual({ epoch: 3, step: 17, note: 'resume here' });
    model.dispose();
    loaded.dispose();
  });

  test('saving again replaces the files', async () => {
    const dir = join(root, 'replace');
    const first = createTinyClassifier(25);
    const second = createTinyClassifier(26);
    const input = tf.tensor2d([[1, 2, 3, 4]]);

    await saveModel(first, dir);
    await saveModel(second, dir);
    const loaded = await loadModel(dir);

    expectArraysClose(predictValues(loaded, input), predictValues(second, input), 1e-6);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    tf.dispose(input);
    for (const model of [first, second, loaded]) model.dispose();
  });

  test('loadModel names the directory and the missing file', async () => {
    const dir = join(root, 'missing');
    const model = createTinyClassifier(27);

    await expect(loadModel(dir)).rejects.toThrow(`loadModel: model.json not found in ${dir}`);
    await saveModel(model, dir);
    await rm(join(dir, 'weights.bin'));
    await expect(loadModel(dir)).rejects.toThrow(`loadModel: weights.bin not found in ${dir}`);
    model.dispose();
  });

  test('loadModel rejects weights from another save', async () => {
    const dir = join(root, 'mismatch');
    const other = join(root, 'mismatch-other');
    const model = createTinyClassifier(28);
    const otherModel = createTinyClassifier(29);
    await saveModel(model, dir);
    await saveModel(otherModel, other);

    await copyFile(join(other, 'weights.bin'), join(dir, 'weights.bin'));

    await expect(loadModel(dir)).rejects.toThrow(/weights in .* do not match the checksum in model.json/);
    model.dispose();
    otherModel.dispose();
  });

  test('loadModel rejects shard paths outside the directory', async () => {
    const dir = join(root, 'escape');
    const model = createTinyClassifier(30);
    await saveModel(model, dir);
    const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    modelJson.weightsManifest[0].paths = ['../weights.bin'];
    await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));

    await expect(loadModel(dir)).rejects.toThrow(/names '..\/weights.bin', which is outside the directory/);
    model.dispose();
  });
});

describe('optimizer state', () => {
  test('resumed training from disk matches uninterrupted training', async () => {
    const dir = join(root, 'resume');
    const uninterrupted = createTinyClassifier(31);
    await trainModel(uninterrupted, { epochs: 2, stepsPerEpoch: 6, batches, optimizer: new KerasAdadelta() });

    const model = createTinyClassifier(31);
    const optimizer = new KerasAdadelta();
    const stopped = await trainModel(model, {
      epochs: 2,
      stepsPerEpoch: 6,
      batches,
      optimizer,
      shouldStop: () => optimizer.iterations === 8,
    });
    await saveModel(model, dir, { optimizer, extra: { epoch: stopped.epoch, step: stopped.step } });
    model.dispose();
    optimizer.dispose();

    // The loaded model's variables get new names (the first model's names are taken in this
    // process), so this also checks that the state is mapped back to the right variables.
    const loaded = await loadModel(dir);
    const restored = await loadOptimizer(dir, loaded);
    const { epoch, step } = loaded.getUserDefinedMetadata() as { epoch: number; step: number };
    expect([epoch, step]).toEqual([1, 2]);
    expect(restored).toBeInstanceOf(KerasAdadelta);
    expect(restored.iterations).toBe(8);
    await trainModel(loaded, { epochs: 2, stepsPerEpoch: 6, batches, optimizer: restored, startEpoch: epoch, startStep: step });

    expect(weightValues(loaded as Sequential)).toEqual(weightValues(uninterrupted));
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'optimizer.bin', 'optimizer.json', 'weights.bin']);
    loaded.dispose();
    restored.dispose();
    uninterrupted.dispose();
  });

  test('tfjs Adam state round-trips', async () => {
    const dir = join(root, 'adam');
    const model = createTinyClassifier(32);
    const adam = tf.train.adam(0.01);
    await trainModel(model, { epochs: 1, stepsPerEpoch: 3, batches, optimizer: adam });

    await saveModel(model, dir, { optimizer: adam });
    const restored = await loadOptimizer(dir, model);

    const original = await adam.getWeights();
    const copy = await restored.getWeights();
    expect(copy.map(({ name }) => name)).toEqual(original.map(({ name }) => name));
    for (let i = 0; i < original.length; i++) {
      expect(Array.from(copy[i].tensor.dataSync())).toEqual(Array.from(original[i].tensor.dataSync()));
    }
    tf.dispose([original[0].tensor, copy[0].tensor]);
    model.dispose();
    adam.dispose();
    restored.dispose();
  });

  test('saving without an optimizer removes old optimizer files', async () => {
    const dir = join(root, 'stale');
    const model = createTinyClassifier(33);
    const optimizer = new KerasAdadelta();
    await trainModel(model, { epochs: 1, stepsPerEpoch: 2, batches, optimizer });
    await saveModel(model, dir, { optimizer });

    await saveModel(model, dir);

    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    await expect(loadOptimizer(dir, model)).rejects.toThrow(`loadOptimizer: optimizer.json not found in ${dir}`);
    model.dispose();
    optimizer.dispose();
  });

  test('loadOptimizer rejects state saved with other weights', async () => {
    const dir = join(root, 'stale-state');
    const aside = join(root, 'stale-state-aside');
    const model = createTinyClassifier(34);
    const optimizer = new KerasAdadelta();
    await trainModel(model, { epochs: 1, stepsPerEpoch: 2, batches, optimizer });
    await saveModel(model, dir, { optimizer });
    await saveModel(model, aside, { optimizer });

    await trainModel(model, { epochs: 1, stepsPerEpoch: 2, batches, optimizer });
    await saveModel(model, dir, { optimizer });
    await copyFile(join(aside, 'optimizer.json'), join(dir, 'optimizer.json'));
    await copyFile(join(aside, 'optimizer.bin'), join(dir, 'optimizer.bin'));

    await expect(loadOptimizer(dir, model)).rejects.toThrow(/was saved with other model weights than weights.bin/);
    model.dispose();
    optimizer.dispose();
  });

  test('save and load leak no tensors', async () => {
    const dir = join(root, 'leaks');
    const model = createTinyClassifier(35);
    const optimizer = new KerasAdadelta();
    await trainModel(model, { epochs: 1, stepsPerEpoch: 2, batches, optimizer });
    const before = tf.memory().numTensors;

    await saveModel(model, dir, { optimizer });
    const restored = await loadOptimizer(dir, model);
    restored.dispose();

    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });
});
