import { io } from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';

import { readRequiredFile, sha256, validateManifestPath } from './files.js';
import { MODEL_FILES } from './save-model.js';

/**
 * Loads a model saved by `saveModel`, or any TensorFlow.js layers-format directory whose
 * `model.json` lists its weight shards, without tfjs-node. When `model.json` records a SHA-256 of
 * `weights.bin` (as `saveModel` writes it), the weights are checked against it. Metadata passed
 * as `extra` to `saveModel` is returned by `model.getUserDefinedMetadata()`.
 *
 * @param dir - Directory containing `model.json` and the shards it names.
 * @returns The model with its weights; not compiled.
 * @throws Error naming the directory and the file when `model.json` or a shard is missing, when
 *   the weights do not match the checksum, or when a shard path leaves the directory.
 */
export async function loadModel(dir: string): Promise<LayersModel> {
  return loadLayersModel(createFileLoadHandler(dir));
}

/**
 * Returns a tfjs `io.IOHandler` that reads `model.json` and its weight shards from `dir` with
 * node:fs, for `tf.loadLayersModel`.
 */
export function createFileLoadHandler(dir: string): io.IOHandler {
  return {
    load: async () => {
      const fix = 'pass the directory that saveModel wrote.';
      const modelJson = JSON.parse(
        (await readRequiredFile('loadModel', dir, MODEL_FILES.json, fix)).toString('utf8'),
      ) as io.ModelJSON & {
        weightsSha256?: string;
      };

      return io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const paths = manifest.flatMap((group) => group.paths);
        const shards: Buffer[] = [];
        for (const path of paths) {
          validateManifestPath('loadModel', dir, path);
          shards.push(
            await readRequiredFile(
              'loadModel',
              dir,
              path,
              `${MODEL_FILES.json} lists it in its weights manifest; restore the file or save the model again.`,
            ),
          );
        }
        const weightData = new Uint8Array(Buffer.concat(shards));

        if (modelJson.weightsSha256 !== undefined && sha256(weightData) !== modelJson.weightsSha256) {
          throw new Error(
            `loadModel: the weights in ${dir} do not match the checksum in ${MODEL_FILES.json}; the save was interrupted or the files come from different saves. Save the model again.`,
          );
        }
        return [manifest.flatMap((group) => group.weights), weightData.buffer];
      });
    },
  };
}
