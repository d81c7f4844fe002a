import { join } from 'node:path';

import { dispose, io, serialization, type Optimizer, type Tensor, type Variable } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { readRequiredFile, sha256, writeFileAtomic } from './files.js';

/** File names of the optimizer state inside a saved model directory. */
export const OPTIMIZER_FILES = { json: 'optimizer.json', weights: 'optimizer.bin' } as const;

interface OptimizerJson {
  className: string;
  config: serialization.ConfigDict;
  weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
  weightsSha256: string;
  /** SHA-256 of the `weights.bin` saved together with this state. */
  modelWeightsSha256: string;
}

/**
 * Writes the optimizer's class, config and state to `optimizer.json` and `optimizer.bin`.
 *
 * Optimizer state is named after the tfjs variables it belongs to, and tfjs makes those names
 * unique per process (`dense_1/kernel_2` when two models have a `dense_1`). The state is stored
 * under the weights' original names (`dense_1/kernel`) so that another process can restore it.
 */
export async function saveOptimizerState(
  optimizer: Optimizer,
  model: LayersModel,
  dir: string,
  modelWeightsSha256: string,
): Promise<void> {
  const state = await optimizer.getWeights();
  const toOriginal = new Map(model.weights.map((weight) => [(weight.read() as Variable).name, weight.originalName]));

  try {
    const renamed = state.map(({ name, tensor }) => ({ name: renameByVariable(name, toOriginal), tensor }));
    const { data, specs } = await io.encodeWeights(renamed);
    const bytes = new Uint8Array(data);
    const json: OptimizerJson = {
      className: optimizer.getClassName(),
      config: optimizer.getConfig(),
      weightsManifest: [{ paths: [OPTIMIZER_FILES.weights], weights: specs }],
      weightsSha256: sha256(bytes),
      modelWeightsSha256,
    };

    await writeFileAtomic(join(dir, OPTIMIZER_FILES.weights), bytes);
    await writeFileAtomic(join(dir, OPTIMIZER_FILES.json), JSON.stringify(json));
  } finally {
    // getWeights returns a new 'iter' scalar; the other entries are the optimizer's own variables.
    dispose(state.filter(({ name }) => name === 'iter').map(({ tensor }) => tensor));
  }
}

/**
 * Recreates the optimizer saved by `saveModel(model, dir, { optimizer })` and restores its state
 * for `model`, which must be the model loaded from the same directory. Resuming training with it
 * continues as if training had not stopped.
 *
 * The optimizer class is looked up by its serialization name. `KerasAdadelta` and tfjs's own
 * optimizers are registered, and a custom class must be registered with
 * `serialization.registerClass` before loading.
 *
 * @param dir - Directory written by `saveModel` with an optimizer.
 * @param model - The model loaded from `dir`; its weights' names map the state to variables.
 * @returns The optimizer with its state restored.
 * @throws Error when `optimizer.json` or `optimizer.bin` is missing, when either does not match
 *   its checksum or the directory's `weights.bin`, or when the class is not registered.
 */
export async function loadOptimizer(dir: string, model: LayersModel): Promise<Optimizer> {
  const fix = 'save the model with saveModel(model, dir, { optimizer }) to keep the optimizer state.';
  const json = JSON.parse(
    (await readRequiredFile('loadOptimizer', dir, OPTIMIZER_FILES.json, fix)).toString('utf8'),
  ) as OptimizerJson;
  const bytes = await readRequiredFile('loadOptimizer', dir, OPTIMIZER_FILES.weights, fix);
  const modelWeights = await readRequiredFile('loadOptimizer', dir, 'weights.bin', 'save the model and optimizer again.');

  if (sha256(bytes) !== json.weightsSha256) {
    throw new Error(
      `loadOptimizer: ${OPTIMIZER_FILES.weights} in ${dir} does not match the checksum in ${OPTIMIZER_FILES.json}; the save was interrupted or the files come from different saves. Save again.`,
    );
  }
  if (sha256(modelWeights) !== json.modelWeightsSha256) {
    throw new Error(
      `loadOptimizer: the optimizer state in ${dir} was saved with other model weights than weights.bin; the save was interrupted. Save the model and optimizer again.`,
    );
  }

  const optimizer = createOptimizer(json.className, json.config);
  const specs = json.weightsManifest.flatMap((group) => group.weights);
  const decoded = io.decodeWeights(new Uint8Array(bytes).buffer, specs);
  const toCurrent = new Map(model.weights.map((weight) => [weight.originalName, (weight.read() as Variable).name]));
  const state = specs.map(({ name }) => ({ name: renameByVariable(name, toCurrent), tensor: decoded[name] as Tensor }));

  try {
    await optimizer.setWeights(state);
  } finally {
    // The optimizer's variables hold their own references to the decoded data.
    dispose(Object.values(decoded));
  }
  return optimizer;
}

/**
 * Creates an optimizer from its serialization class name and config.
 *
 * @throws Error when the class is not registered for tfjs serialization.
 */
export function createOptimizer(className: string, config: serialization.ConfigDict): Optimizer {
  const entry = serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) {
    throw new Error(
      `loadOptimizer: optimizer class '${className}' is not registered; register it with serialization.registerClass before loading.`,
    );
  }

  const [cls, fromConfig] = entry;
  return fromConfig(cls, config) as Optimizer;
}

/** Replaces the longest variable-name prefix of `stateName` that `names` maps, keeping the suffix. */
export function renameByVariable(stateName: string, names: Map<string, string>): string {
  let best = '';
  for (const variableName of names.keys()) {
    if (stateName.startsWith(`${variableName}/`) && variableName.length > best.length) {
      best = variableName;
    }
  }
  return best === '' ? stateName : (names.get(best) as string) + stateName.slice(best.length);
}
