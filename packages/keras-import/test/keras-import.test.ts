import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import '@tensorflow/tfjs-backend-cpu';
import { memory, setBackend, tensor, type Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { KerasImportError, loadKerasModel, loadKerasWeights, modelFromKerasJson } from '../src/index.js';
import { expectClose, makeKerasFixtures, readExpected, type ExpectedOutputs } from './fixtures.js';

const TOLERANCE = 1e-5;

let folder: string;
let expected: ExpectedOutputs;

beforeAll(async () => {
  await setBackend('cpu');
  folder = makeKerasFixtures();
  expected = readExpected(folder);
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

function fixture(name: string): string {
  return join(folder, name);
}

/** Predicts the fixture inputs and returns the largest difference from numpy's outputs. */
function maxDifferenceFromNumpy(model: LayersModel): number {
  const x = tensor(expected.inputs, expected.inputShape, 'float32');
  const y = model.predict(x) as Tensor;
  const difference = expectClose(y.dataSync(), y.shape, expected.outputs, expected.outputShape, TOLERANCE);
  x.dispose();
  y.dispose();
  return difference;
}

async function expectKerasImportError(promise: Promise<unknown>): Promise<KerasImportError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KerasImportError);
  return error as KerasImportError;
}

describe(loadKerasModel, () => {
  it('list-style Sequential JSON + save_weights file matches numpy', async () => {
    const model = await loadKerasModel({
      topology: fixture('model_list.json'),
      weights: fixture('weights.h5'),
    });

    const difference = maxDifferenceFromNumpy(model);
    console.log(`list JSON + weights.h5: max abs difference from numpy ${difference.toExponential(2)}`);
    expect(difference).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('whole-model .h5 with dict-style config matches numpy', async () => {
    const model = await loadKerasModel(fixture('model.h5'));

    const difference = maxDifferenceFromNumpy(model);
    console.log(`model.h5: max abs difference from numpy ${difference.toExponential(2)}`);
    expect(difference).toBeLessThanOrEqual(TOLERANCE);
    expect(model.name).toBe('sequential_1');
    model.dispose();
  });

  it('functional Model JSON matches numpy', async () => {
    const model = await loadKerasModel({
      topology: fixture('model_functional.json'),
      weights: fixture('weights.h5'),
    });

    expect(model.getClassName()).toBe('Model');
    expect(model.layers.map((layer) => layer.name)).toContain('input_1');
    expect(maxDifferenceFromNumpy(model)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('rejects a save_weights file without model_config', async () => {
    const error = await expectKerasImportError(loadKerasModel(fixture('weights.h5')));

    expect(error.message).toMatch(/no "model_config" attribute/);
    expect(error.file).toBe(fixture('weights.h5'));
  });

  it('names a missing topology file', async () => {
    const error = await expectKerasImportError(
      loadKerasModel({ topology: fixture('absent.json'), weights: fixture('weights.h5') }),
    );

    expect(error.message).toContain(fixture('absent.json'));
  });

  it('rejects a file that is not HDF5', async () => {
    const error = await expectKerasImportError(loadKerasModel(fixture('expected.json')));

    expect(error.message).toMatch(/is not an HDF5 file/);
  });
});

describe(modelFromKerasJson, () => {
  it('list-style Sequential keeps names, classes and shapes', () => {
    const model = modelFromKerasJson(readFileSync(fixture('model_list.json'), 'utf8'));

    expect(model.layers.map((layer) => layer.name)).toEqual([
      'conv2d_1',
      'max_pooling2d_1',
      'flatten_1',
      'dense_1',
      'dropout_1',
      'dense_2',
    ]);
    expect(model.layers.map((layer) => layer.getClassName())).toEqual([
      'Conv2D',
      'MaxPooling2D',
      'Flatten',
      'Dense',
      'Dropout',
      'Dense',
    ]);
    expect(model.inputs[0]?.shape).toEqual([null, 12, 12, 2]);
    expect(model.outputs[0]?.shape).toEqual([null, 3]);
    expect(model.getLayer('dense_1').weights.map((w) => w.shape)).toEqual([[100, 8], [8]]);
    model.dispose();
  });

  it('does not modify the object passed in', () => {
    const json = JSON.parse(readFileSync(fixture('model_list.json'), 'utf8')) as object;
    const before = JSON.stringify(json);

    modelFromKerasJson(json).dispose();

    expect(JSON.stringify(json)).toBe(before);
  });

  it('accepts Keras 3 batch_shape and dtype policy objects', () => {
    const json = JSON.parse(readFileSync(fixture('model_list.json'), 'utf8'));
    const first = json.config[0].config;
    first.batch_shape = first.batch_input_shape;
    delete first.batch_input_shape;
    first.dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } };

    const model = modelFromKerasJson(json);

    expect(model.inputs[0]?.shape).toEqual([null, 12, 12, 2]);
    model.dispose();
  });

  it('tf.keras Sequential with an InputLayer entry', async () => {
    const json = JSON.parse(readFileSync(fixture('model_list.json'), 'utf8'));
    const first = json.config[0].config;
    const inputLayer = {
      class_name: 'InputLayer',
      config: {
        batch_input_shape: first.batch_input_shape,
        dtype: 'float32',
        sparse: false,
        ragged: false,
        name: 'conv2d_1_input',
      },
    };
    delete first.batch_input_shape;
    const tfKeras = { class_name: 'Sequential', config: { name: 'sequential', layers: [inputLayer, ...json.config] } };

    const model = modelFromKerasJson(tfKeras);
    await loadKerasWeights(model, fixture('weights.h5'));

    expect(model.inputs[0]?.shape).toEqual([null, 12, 12, 2]);
    expect(maxDifferenceFromNumpy(model)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('tf.keras 2.4 Functional class name', async () => {
    const json = JSON.parse(readFileSync(fixture('model_functional.json'), 'utf8'));
    json.class_name = 'Functional';

    const model = modelFromKerasJson(JSON.stringify(json));
    await loadKerasWeights(model, fixture('weights.h5'));

    expect(maxDifferenceFromNumpy(model)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('unsupported layer class names layer and class', () => {
    const json = JSON.parse(readFileSync(fixture('model_list.json'), 'utf8'));
    json.config[2] = { class_name: 'Lambda', config: { name: 'lambda_1', function: 'x' } };

    expect(() => modelFromKerasJson(json)).toThrow(KerasImportError);
    expect(() => modelFromKerasJson(json)).toThrow(/layer "lambda_1" has class "Lambda"/);
  });

  it('rejected layer config names the layer', () => {
    const json = JSON.parse(readFileSync(fixture('model_list.json'), 'utf8'));
    json.config[3].config.activation = 'no_such_activation';

    expect(() => modelFromKerasJson(json)).toThrow(/at layer "dense_1" \(Dense\)/);
  });

  it('invalid JSON text gives KerasImportError', () => {
    expect(() => modelFromKerasJson('{"class_name": ')).toThrow(/is not valid JSON/);
  });

  it('rejects a non-model top-level class', () => {
    expect(() => modelFromKerasJson({ class_name: 'Dense', config: {} })).toThrow(/top-level class is "Dense"/);
  });
});

describe(loadKerasWeights, () => {
  function buildModel(): LayersModel {
    return modelFromKerasJson(readFileSync(fixture('model_list.json'), 'utf8'));
  }

  it('reads bytes as well as paths', async () => {
    const model = buildModel();

    await loadKerasWeights(model, new Uint8Array(readFileSync(fixture('weights.h5'))));

    expect(maxDifferenceFromNumpy(model)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('converts float64 weights', async () => {
    const model = buildModel();

    await loadKerasWeights(model, fixture('weights_float64.h5'));

    expect(maxDifferenceFromNumpy(model)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('reads layer_names split into chunks', async () => {
    const model = buildModel();

    await loadKerasWeights(model, fixture('weights_chunked_names.h5'));

    expect(maxDifferenceFromNumpy(model)).toBeLessThanOrEqual(TOLERANCE);
    model.dispose();
  });

  it('leaves no tensors behind', async () => {
    const model = buildModel();
    const before = memory().numTensors;

    await loadKerasWeights(model, fixture('weights.h5'));

    expect(memory().numTensors).toBe(before);
    model.dispose();
  });

  it('missing layer names layer, weight and shape', async () => {
    const model = buildModel();

    const error = await expectKerasImportError(loadKerasWeights(model, fixture('weights_missing_layer.h5')));

    expect(error.message).toMatch(/layer "dense_2" of the model has weights kernel \[8,3\], bias \[3\]/);
    expect(error.layer).toBe('dense_2');
    expect(error.weight).toMatch(/kernel/);
    expect(error.expectedShape).toEqual([8, 3]);
    expect(error.foundShape).toBeNull();
    model.dispose();
  });

  it('wrong shape names layer, weight and both shapes', async () => {
    const model = buildModel();

    const error = await expectKerasImportError(loadKerasWeights(model, fixture('weights_wrong_shape.h5')));

    expect(error.message).toMatch(/weight "dense_1\/kernel:0" of layer "dense_1" has shape \[100,9\] .* expects \[100,8\]/);
    expect(error.layer).toBe('dense_1');
    expect(error.weight).toBe('dense_1/kernel:0');
    expect(error.expectedShape).toEqual([100, 8]);
    expect(error.foundShape).toEqual([100, 9]);
    model.dispose();
  });

  it('failed load leaves the weights unchanged', async () => {
    const model = buildModel();
    const before = Array.from(model.getLayer('conv2d_1').getWeights()[0]!.dataSync());

    await expectKerasImportError(loadKerasWeights(model, fixture('weights_wrong_shape.h5')));

    expect(Array.from(model.getLayer('conv2d_1').getWeights()[0]!.dataSync())).toEqual(before);
    model.dispose();
  });

  it('extra layer in the file names it', async () => {
    const model = buildModel();

    const error = await expectKerasImportError(loadKerasWeights(model, fixture('weights_extra_layer.h5')));

    expect(error.message).toMatch(/weights for layer "dense_9"/);
    expect(error.layer).toBe('dense_9');
    expect(error.weight).toBe('dense_9/kernel:0');
    expect(error.foundShape).toEqual([3, 3]);
    model.dispose();
  });

  it('weight count mismatch lists both sides', async () => {
    const model = buildModel();

    const error = await expectKerasImportError(loadKerasWeights(model, fixture('weights_missing_bias.h5')));

    expect(error.message).toMatch(
      /layer "dense_2" expects 2 weights \(kernel \[8,3\], bias \[3\]\), .* has 1 \(dense_2\/kernel:0 \[8,3\]\)/,
    );
    expect(error.layer).toBe('dense_2');
    model.dispose();
  });

  it('missing weights file is named', async () => {
    const model = buildModel();

    const error = await expectKerasImportError(loadKerasWeights(model, fixture('absent.h5')));

    expect(error.message).toContain(fixture('absent.h5'));
    expect(error.file).toBe(fixture('absent.h5'));
    model.dispose();
  });
});
