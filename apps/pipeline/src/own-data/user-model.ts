import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';

import { loadKerasModel, loadTfjsModelDir } from '@projector-kit/keras-import';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { UsageError } from '../options.js';

/** The model options of `images`, as given on the command line. */
export interface ModelOptions {
  model?: string;
  kerasJson?: string;
  kerasWeights?: string;
}

/** A loaded model and where it came from, for the log and the summary. */
export interface UserModel {
  model: LayersModel;
  source: string;
}

/** Returns whether the options name a model at all. */
export function hasModel(options: ModelOptions): boolean {
  return options.model !== undefined || options.kerasJson !== undefined || options.kerasWeights !== undefined;
}

/**
 * Checks the model options before any work starts: `--model`, or `--keras-json` with
 * `--keras-weights`, and a `--model` path that exists with a known form.
 *
 * @throws UsageError naming the option that is missing, extra or invalid.
 */
export function checkModelOptions(options: ModelOptions): void {
  const { model, kerasJson, kerasWeights } = options;

  if (model !== undefined && (kerasJson !== undefined || kerasWeights !== undefined)) {
    throw new UsageError('Pass either --model or --keras-json with --keras-weights, not both.');
  }
  if ((kerasJson === undefined) !== (kerasWeights === undefined)) {
    const missing = kerasJson === undefined ? '--keras-json' : '--keras-weights';
    throw new UsageError(`Missing ${missing}: --keras-json and --keras-weights go together (the topology and its weights).`);
  }
  if (model === undefined) {
    return;
  }

  if (!existsSync(model)) {
    throw new UsageError(
      `Invalid --model "${model}": file or folder not found. Pass a TensorFlow.js model folder or a Keras .h5 file.`,
    );
  }
  if (statSync(model).isDirectory()) {
    return;
  }
  const extension = extname(model).toLowerCase();
  if (extension === '.keras') {
    throw new UsageError(
      `Invalid --model "${model}": Keras 3 .keras files are not supported. Save the model in Keras 2 HDF5 form ` +
        "(model.save('model.h5')), or convert it with tensorflowjs_converter to a TensorFlow.js model folder.",
    );
  }
  if (!['.json', '.h5', '.hdf5'].includes(extension)) {
    throw new UsageError(
      `Invalid --model "${model}": expected a TensorFlow.js model folder or its model.json, or a Keras whole-model .h5 file; got a "${extension}" file.`,
    );
  }
}

/**
 * Loads the model named by the options: a TensorFlow.js Layers folder (or its `model.json`),
 * a Keras 2 whole-model HDF5 file, or a Keras JSON topology with a `save_weights` HDF5 file.
 * A backend must be registered first.
 *
 * @throws KerasImportError (from `@projector-kit/keras-import`) when a file cannot be read or
 *   the weights do not fit the topology.
 * @throws RangeError when the model has more than one input.
 */
export async function loadUserModel(options: ModelOptions): Promise<UserModel> {
  checkModelOptions(options);
  const { model: path, kerasJson, kerasWeights } = options;

  let loaded: UserModel;
  if (path === undefined) {
    loaded = {
      model: await loadKerasModel({ topology: kerasJson!, weights: kerasWeights! }),
      source: `${kerasJson} with ${kerasWeights}`,
    };
  } else if (statSync(path).isDirectory() || extname(path).toLowerCase() === '.json') {
    loaded = { model: await loadTfjsModelDir(path), source: path };
  } else {
    loaded = { model: await loadKerasModel(path), source: path };
  }

  if (loaded.model.inputs.length !== 1) {
    const count = loaded.model.inputs.length;
    loaded.model.dispose();
    throw new RangeError(
      `The model from ${loaded.source} has ${count} inputs; projector-kit feeds images to models with one input.`,
    );
  }
  return loaded;
}
