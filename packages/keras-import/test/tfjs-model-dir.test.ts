import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import '@tensorflow/tfjs-backend-cpu';
import { io, setBackend, tensor, type Tensor } from '@tensorflow/tfjs-core';
import { sequential, layers, type LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { KerasImportError, loadTfjsModelDir } from '../src/index.js';

let folder: string;

beforeAll(async () => {
  await setBackend('cpu');
  folder = mkdtempSync(join(tmpdir(), 'keras-import-tfjs-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

function buildModel(): LayersModel {
  const model = sequential({ name: 'small' });
  model.add(layers.dense({ units: 5, activation: 'relu', inputShape: [4], name: 'hidden' }));
  model.add(layers.dense({ units: 2, activation: 'softmax', name: 'output' }));
  return model;
}

/** Saves `model` as model.json and `shards` weight files, as tfjs-node's file:// handler does. */
async function saveModelDir(model: LayersModel, dir: string, shards: number): Promise<string[]> {
  const paths: string[] = [];
  await model.save(
    io.withSaveHandler(async (artifacts) => {
      const weightData = io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer);
      const bytes = new Uint8Array(weightData);
      const shardSize = Math.ceil(bytes.length / shards);
      for (let shard = 0; shard < shards; shard += 1) {
        const path = `group1-shard${shard + 1}of${shards}.bin`;
        writeFileSync(join(dir, path), bytes.subarray(shard * shardSize, (shard + 1) * shardSize));
        paths.push(path);
      }

      writeFileSync(
        join(dir, 'model.json'),
        JSON.stringify({
          modelTopology: artifacts.modelTopology,
          format: 'layers-model',
          generatedBy: 'keras-import test',
          convertedBy: null,
          weightsManifest: [{ paths, weights: artifacts.weightSpecs }],
        }),
      );
      return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return paths;
}

function predict(model: LayersModel): number[] {
  const x = tensor([
    [0.1, -0.2, 0.3, 0.4],
    [1, 2, 3, 4],
  ]);
  const y = model.predict(x) as Tensor;
  const values = Array.from(y.dataSync());
  x.dispose();
  y.dispose();
  return values;
}

describe(loadTfjsModelDir, () => {
  it('round trip with two weight shards', async () => {
    const dir = mkdtempSync(join(folder, 'two-shards-'));
    const model = buildModel();
    await saveModelDir(model, dir, 2);

    const loaded = await loadTfjsModelDir(dir);

    expect(loaded.layers.map((layer) => layer.name)).toEqual(['hidden', 'output']);
    expect(predict(loaded)).toEqual(predict(model));
    model.dispose();
    loaded.dispose();
  });

  it('accepts the path of model.json', async () => {
    const dir = mkdtempSync(join(folder, 'json-path-'));
    const model = buildModel();
    await saveModelDir(model, dir, 1);

    const loaded = await loadTfjsModelDir(join(dir, 'model.json'));

    expect(predict(loaded)).toEqual(predict(model));
    model.dispose();
    loaded.dispose();
  });

  it('missing model.json is named', async () => {
    const dir = mkdtempSync(join(folder, 'empty-'));

    const error = await loadTfjsModelDir(dir).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(KerasImportError);
    expect((error as Error).message).toContain(join(dir, 'model.json'));
    expect((error as Error).message).toMatch(/not found/);
  });

  it('missing weight shard is named', async () => {
    const dir = mkdtempSync(join(folder, 'missing-shard-'));
    const model = buildModel();
    const paths = await saveModelDir(model, dir, 2);
    unlinkSync(join(dir, paths[1]!));

    const error = await loadTfjsModelDir(dir).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(KerasImportError);
    expect((error as Error).message).toContain(join(dir, 'group1-shard2of2.bin'));
    expect((error as Error).message).toMatch(/is not found/);
    model.dispose();
  });

  it('rejects a graph model', async () => {
    const dir = mkdtempSync(join(folder, 'graph-'));
    writeFileSync(
      join(dir, 'model.json'),
      JSON.stringify({
        format: 'graph-model',
        modelTopology: { node: [] },
        weightsManifest: [],
      }),
    );

    await expect(loadTfjsModelDir(dir)).rejects.toThrow(/describes a graph model/);
  });

  it('rejects model.json that is not JSON', async () => {
    const dir = mkdtempSync(join(folder, 'bad-json-'));
    writeFileSync(join(dir, 'model.json'), readFileSync(import.meta.filename).subarray(0, 50));

    await expect(loadTfjsModelDir(dir)).rejects.toThrow(/is not valid JSON/);
  });
});
