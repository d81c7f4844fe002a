import { tensor, type Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { formatShape, KerasImportError } from './errors.js';
import { readStringAttribute, readStringListAttribute, withHdf5File, type Dataset, type Group, type H5File } from './hdf5.js';

/** A weight of the model paired with the dataset that will fill it. */
interface WeightAssignment {
  layerName: string;
  values: Float32Array;
  shape: number[];
}

type Layer = LayersModel['layers'][number];

/**
 * Loads weights from a Keras HDF5 file into a TensorFlow.js model, matching layers by name.
 *
 * Reads the layout of Keras 2 `save_weights` (root attribute `layer_names`, one group per
 * layer with attribute `weight_names`, datasets such as `dense_1/kernel:0`) and of
 * `model.save` (the same layout under the group `model_weights`). Within a layer, weights are
 * matched by their short name (`kernel`, `bias`, `gamma`, ...) when every name matches, and by
 * order otherwise, as Keras does. Every layer is checked before any weight is set, so a failed
 * load leaves the model unchanged. float64 datasets are converted to float32.
 *
 * @param model - A model built from the same topology, for example by `modelFromKerasJson`.
 * @param h5 - The HDF5 file's path, or its bytes.
 * @throws KerasImportError when a layer of the model that has weights is missing from the
 *   file, the file has weights for a layer the model lacks, a layer's weight count differs,
 *   or a weight's shape differs. The error's fields name the layer, the weight, the expected
 *   shape and the found shape. Also thrown for files that are not Keras 2 HDF5 weights.
 */
export async function loadKerasWeights(model: LayersModel, h5: Uint8Array | string): Promise<void> {
  await withHdf5File(h5, 'loadKerasWeights', (file, label) => {
    loadWeightsFromFile(model, file, label, 'loadKerasWeights');
  });
}

/** Checks every layer against the open file, then sets all weights. */
export function loadWeightsFromFile(model: LayersModel, file: H5File, label: string, operation: string): void {
  const root = findWeightsGroup(file, label, operation);
  const fileLayers = readStringListAttribute(root, 'layer_names') ?? [];

  const fileLayersWithWeights = fileLayers.filter((name) => readWeightNames(root, name, label, operation).length > 0);
  checkExtraLayers(model, root, fileLayersWithWeights, label, operation);

  const assignments: WeightAssignment[] = [];
  for (const layer of model.layers) {
    if (layer.weights.length === 0 && !fileLayersWithWeights.includes(layer.name)) {
      continue;
    }

    if (!fileLayers.includes(layer.name)) {
      throw missingLayerError(layer, fileLayersWithWeights, label, operation);
    }

    assignments.push(...readLayerWeights(layer, root, label, operation));
  }

  setWeights(model, assignments);
}

function findWeightsGroup(file: H5File, label: string, operation: string): Group {
  let root: Group = file;
  if (!('layer_names' in file.attrs) && !('layer_names0' in file.attrs) && file.keys().includes('model_weights')) {
    root = file.get('model_weights') as Group;
  }

  const layerNames = readStringListAttribute(root, 'layer_names');
  if (layerNames === undefined) {
    throw new KerasImportError(
      `${operation}: ${label} has no "layer_names" attribute at its root or in ` +
        `"model_weights", so it was not written by Keras 2 save_weights or model.save.`,
      { file: label },
    );
  }

  const kerasVersion = readStringAttribute(root, 'keras_version') ?? readStringAttribute(file, 'keras_version');
  if (kerasVersion?.startsWith('1.')) {
    throw new KerasImportError(
      `${operation}: ${label} was written by Keras ${kerasVersion}; only Keras 2 weight files ` +
        `are supported. Load it in Keras 2 and save it again.`,
      { file: label },
    );
  }

  // NOTE: Keras converts convolution kernels saved with the Theano backend when it loads
  // them; this loader does not, so it rejects such files.
  const backend = readStringAttribute(root, 'backend') ?? readStringAttribute(file, 'backend');
  if (backend === 'theano') {
    throw new KerasImportError(
      `${operation}: ${label} was saved with the Theano backend, whose convolution kernels ` +
        `are flipped. Load it in Keras with the TensorFlow backend and save it again.`,
      { file: label },
    );
  }

  return root;
}

function checkExtraLayers(
  model: LayersModel,
  root: Group,
  fileLayersWithWeights: string[],
  label: string,
  operation: string,
): void {
  const modelLayers = new Set(model.layers.map((layer) => layer.name));
  const extra = fileLayersWithWeights.find((name) => !modelLayers.has(name));
  if (extra === undefined) {
    return;
  }

  const weightName = readWeightNames(root, extra, label, operation)[0] ?? '';
  const foundShape = (root.get(`${extra}/${weightName}`) as Dataset | null)?.shape ?? null;
  throw new KerasImportError(
    `${operation}: ${label} has weights for layer "${extra}" (first weight "${weightName}" ` +
      `${formatShape(foundShape)}), but the model has no layer of that name. Layers of the ` +
      `model: ${[...modelLayers].join(', ')}. Build the model from the topology that was ` +
      `saved with these weights.`,
    { layer: extra, weight: weightName, foundShape, file: label },
  );
}

function missingLayerError(layer: Layer, fileLayersWithWeights: string[], label: string, operation: string): KerasImportError {
  const first = layer.weights[0];
  return new KerasImportError(
    `${operation}: layer "${layer.name}" of the model has weights ` +
      `${describeModelWeights(layer)}, but ${label} has no layer "${layer.name}". Layers ` +
      `with weights in the file: ${fileLayersWithWeights.join(', ') || 'none'}. Load weights ` +
      `saved from the same architecture.`,
    {
      layer: layer.name,
      weight: first?.originalName,
      expectedShape: first?.shape as number[] | undefined,
      foundShape: null,
      file: label,
    },
  );
}

function describeModelWeights(layer: Layer): string {
  return layer.weights.map((w) => `${shortName(w.originalName)} ${formatShape(w.shape)}`).join(', ');
}

/** Returns the short weight name: `dense_1/kernel:0` and `dense_1/kernel` give `kernel`. */
function shortName(weightName: string): string {
  return weightName.replace(/:\d+$/, '').split('/').pop() ?? weightName;
}

/** Returns the `weight_names` of a layer's group, `[]` for layers without weights. */
function readWeightNames(root: Group, layerName: string, label: string, operation: string): string[] {
  const group = root.get(layerName);
  if (group === null || !('keys' in group)) {
    throw new KerasImportError(
      `${operation}: ${label} lists layer "${layerName}" in "layer_names" but has no group ` +
        `of that name, so the file is incomplete or not written by Keras.`,
      { layer: layerName, file: label },
    );
  }

  return readStringListAttribute(group as Group, 'weight_names') ?? [];
}

function readLayerWeights(layer: Layer, root: Group, label: string, operation: string): WeightAssignment[] {
  const weightNames = readWeightNames(root, layer.name, label, operation);
  const datasets = weightNames.map((name) => root.get(`${layer.name}/${name}`) as Dataset | null);
  const describeFile = weightNames.map((name, i) => `${name} ${formatShape(datasets[i]?.shape)}`).join(', ');

  if (weightNames.length !== layer.weights.length) {
    const first = layer.weights[0];
    throw new KerasImportError(
      `${operation}: layer "${layer.name}" expects ${layer.weights.length} weights ` +
        `(${describeModelWeights(layer) || 'none'}), but ${label} has ${weightNames.length} ` +
        `(${describeFile || 'none'}). Check that the layer's config (use_bias, for example) ` +
        `matches the saved model.`,
      {
        layer: layer.name,
        weight: first?.originalName ?? weightNames[0],
        expectedShape: first?.shape as number[] | undefined,
        foundShape: datasets[0]?.shape ?? null,
        file: label,
      },
    );
  }

  const order = matchWeightOrder(layer, weightNames);
  return layer.weights.map((weight, i) => {
    const fileIndex = order[i] as number;
    const name = weightNames[fileIndex] as string;
    const dataset = datasets[fileIndex] ?? null;
    const expectedShape = weight.shape as number[];
    const foundShape = dataset?.shape ?? null;

    if (dataset === null || !sameShape(expectedShape, foundShape)) {
      throw new KerasImportError(
        `${operation}: weight "${name}" of layer "${layer.name}" has shape ` +
          `${formatShape(foundShape)} in ${label}, but the model expects ` +
          `${formatShape(expectedShape)}. Check that the topology is the one saved with ` +
          `these weights.`,
        { layer: layer.name, weight: name, expectedShape, foundShape, file: label },
      );
    }

    return { layerName: layer.name, values: readFloat32(dataset, name, label, operation), shape: expectedShape };
  });
}

/** For each model weight, the index of its file weight: by short name when all match. */
function matchWeightOrder(layer: Layer, weightNames: string[]): number[] {
  const fileShortNames = weightNames.map(shortName);
  const byName = layer.weights.map((w) => fileShortNames.indexOf(shortName(w.originalName)));
  const unique = new Set(byName).size === byName.length;
  return byName.every((index) => index >= 0) && unique ? byName : weightNames.map((_, i) => i);
}

function sameShape(expected: number[], found: number[] | null): boolean {
  return found !== null && found.length === expected.length && found.every((size, i) => size === expected[i]);
}

function readFloat32(dataset: Dataset, name: string, label: string, operation: string): Float32Array {
  const value = dataset.value;
  if (value instanceof Float32Array) {
    return value;
  }

  if (value instanceof Float64Array) {
    return Float32Array.from(value);
  }

  throw new KerasImportError(
    `${operation}: weight "${name}" in ${label} has HDF5 type "${String(dataset.dtype)}"; ` +
      `only float32 and float64 weights are supported.`,
    { weight: name, file: label },
  );
}

function setWeights(model: LayersModel, assignments: WeightAssignment[]): void {
  const byLayer = new Map<string, Tensor[]>();
  for (const { layerName, values, shape } of assignments) {
    const tensors = byLayer.get(layerName) ?? [];
    tensors.push(tensor(values, shape, 'float32'));
    byLayer.set(layerName, tensors);
  }

  try {
    for (const [layerName, tensors] of byLayer) {
      model.getLayer(layerName).setWeights(tensors);
    }
  } finally {
    for (const tensors of byLayer.values()) {
      tensors.forEach((t) => t.dispose());
    }
  }
}
