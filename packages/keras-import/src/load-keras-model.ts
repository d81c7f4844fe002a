import { readFile } from 'node:fs/promises';

import type { LayersModel } from '@tensorflow/tfjs-layers';

import { KerasImportError } from './errors.js';
import { readStringAttribute, withHdf5File } from './hdf5.js';
import { loadWeightsFromFile } from './keras-weights.js';
import { modelFromKerasJson } from './model-from-keras-json.js';

/** Paths of a Keras model saved as a JSON topology and a separate HDF5 weights file. */
export interface KerasModelFiles {
  /** Path of the JSON text that Keras `model.to_json()` returned. */
  topology: string;

  /** Path of the HDF5 file that Keras `model.save_weights()` wrote. */
  weights: string;
}

/**
 * Loads a Keras model with its weights into TensorFlow.js.
 *
 * @param source - Either the path of a whole-model HDF5 file written by Keras 2
 *   `model.save('model.h5')` (topology in the root attribute `model_config`, weights under
 *   `model_weights`), or the paths of a JSON topology and a `save_weights` HDF5 file.
 * @returns The uncompiled model with the saved weights. The training config and optimizer
 *   state of a whole-model file are ignored: compile the model before training it.
 * @throws KerasImportError when a file is missing or unreadable, the whole-model file has no
 *   `model_config` attribute, the topology cannot be built (see `modelFromKerasJson`), or the
 *   weights do not match it (see `loadKerasWeights`).
 */
export async function loadKerasModel(source: string | KerasModelFiles): Promise<LayersModel> {
  const operation = 'loadKerasModel';
  if (typeof source === 'string') {
    return withHdf5File(source, operation, (file, label) => {
      const modelConfig = readStringAttribute(file, 'model_config');
      if (modelConfig === undefined) {
        throw new KerasImportError(
          `${operation}: ${label} has no "model_config" attribute, so it contains weights only ` +
            `(Keras save_weights). Pass { topology: 'model.json', weights: '${label}' } instead.`,
          { file: label },
        );
      }

      const model = modelFromKerasJson(modelConfig, { fastWeightInit: true });
      return loadWeightsInto(model, () => loadWeightsFromFile(model, file, label, operation));
    });
  }

  const topology = await readTopology(source.topology, operation);
  const model = modelFromKerasJson(topology, { fastWeightInit: true });
  return loadWeightsInto(model, () =>
    withHdf5File(source.weights, operation, (file, label) => loadWeightsFromFile(model, file, label, operation)),
  );
}

/** Runs `load` and returns the model, disposing the model's variables if `load` throws. */
async function loadWeightsInto(model: LayersModel, load: () => void | Promise<void>): Promise<LayersModel> {
  try {
    await load();
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}

async function readTopology(path: string, operation: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new KerasImportError(`${operation}: cannot read the topology file ${path}: ${(error as Error).message}`, {
      file: path,
      cause: error,
    });
  }
}
