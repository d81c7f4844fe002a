import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { io, type Optimizer } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { sha256, writeFileAtomic } from './files.js';
import { OPTIMIZER_FILES, saveOptimizerState } from './optimizer-state.js';

/** File names inside a saved model directory. */
export const MODEL_FILES = { json: 'model.json', weights: 'weights.bin' } as const;

/** Options of {@link saveModel}. */
export interface SaveModelOptions {
  /** Optimizer whose state is saved beside the model, so that training can resume. */
  optimizer?: Optimizer;
  /**
   * JSON-serializable data stored as the model's user-defined metadata, for example the epoch and
   * step to resume at. After `loadModel`, `model.getUserDefinedMetadata()` returns it.
   */
  extra?: object;
}

/**
 * Saves a model in the TensorFlow.js layers format without tfjs-node: `model.json` (topology and
 * a weights manifest) and one `weights.bin` shard, plus `optimizer.json` and `optimizer.bin` when
 * an optimizer is given. The directory is created if needed.
 *
 * Every file is written to a temporary name and renamed into place, so an interrupted save leaves
 * each file either complete or as it was. `model.json` records the SHA-256 of `weights.bin` (and
 * `optimizer.json` that of `weights.bin` too), so that `loadModel` and `loadOptimizer` detect files
 * from two different saves, which an interruption between two renames can leave behind. Saving
 * without an optimizer deletes optimizer files left by an earlier save.
 *
 * @param model - The model to save.
 * @param dir - Directory path; created if it does not exist.
 * @param options - Optimizer to save and extra metadata.
 * @throws Error from the file system, or when `extra` cannot be serialized to JSON.
 */
export async function saveModel(model: LayersModel, dir: string, options: SaveModelOptions = {}): Promise<void> {
  const { optimizer, extra } = options;

  await mkdir(dir, { recursive: true });

  let weightsSha256 = '';
  await model.save(
    io.withSaveHandler(async (artifacts) => {
      const weightData = new Uint8Array(io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
      weightsSha256 = sha256(weightData);
      const modelJson = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [MODEL_FILES.weights], weights: artifacts.weightSpecs ?? [] }],
        ...(extra === undefined ? {} : { userDefinedMetadata: extra }),
        weightsSha256,
      };

      await writeFileAtomic(join(dir, MODEL_FILES.weights), weightData);
      await writeFileAtomic(join(dir, MODEL_FILES.json), JSON.stringify(modelJson));
      return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );

  if (optimizer === undefined) {
    await rm(join(dir, OPTIMIZER_FILES.json), { force: true });
    await rm(join(dir, OPTIMIZER_FILES.weights), { force: true });
    return;
  }

  await saveOptimizerState(optimizer, model, dir, weightsSha256);
}
