import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

import { io } from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';

import { KerasImportError } from './errors.js';

/**
 * Loads a TensorFlow.js Layers model folder from disk without `@tensorflow/tfjs-node`.
 *
 * The folder is what `model.save('file://dir')` or `tensorflowjs_converter --output_format
 * tfjs_layers_model` writes: `model.json` (topology and weights manifest) and the weight
 * shards it lists, such as `group1-shard1of1.bin`.
 *
 * @param dir - The folder, or the path of its `model.json`.
 * @returns The model with its weights, as `tf.loadLayersModel` returns it.
 * @throws KerasImportError naming the missing file when `model.json` or a shard is missing,
 *   or when `model.json` is not valid JSON or describes a graph model.
 */
export async function loadTfjsModelDir(dir: string): Promise<LayersModel> {
  return loadLayersModel(tfjsModelDirHandler(dir));
}

/**
 * Returns a TensorFlow.js `IOHandler` that reads a Layers model folder from disk.
 * Pass it to `tf.loadLayersModel` to give load options such as `strict`.
 *
 * @param dir - The folder, or the path of its `model.json`.
 */
export function tfjsModelDirHandler(dir: string): io.IOHandler {
  return {
    load: async () => {
      const modelJsonPath = await findModelJson(dir);
      const folder = dirname(modelJsonPath);
      const modelJson = await readModelJson(modelJsonPath);

      return io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const path of group.paths) {
            buffers.push(await readShard(join(folder, path), modelJsonPath));
          }
        }

        return [manifest.flatMap((group) => group.weights), io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

async function findModelJson(dir: string): Promise<string> {
  const path = resolve(dir);
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  const modelJsonPath = isFile ? path : join(path, 'model.json');

  const exists = await stat(modelJsonPath).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!exists) {
    throw new KerasImportError(
      `loadTfjsModelDir: ${modelJsonPath} not found. A TensorFlow.js model folder contains ` +
        `model.json and the weight files it lists; pass that folder or its model.json.`,
      { file: modelJsonPath },
    );
  }

  return modelJsonPath;
}

async function readModelJson(path: string): Promise<io.ModelJSON> {
  let modelJson: unknown;
  try {
    modelJson = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new KerasImportError(`loadTfjsModelDir: ${path} is not valid JSON: ${(error as Error).message}`, {
      file: path,
      cause: error,
    });
  }

  const json = modelJson as Partial<io.ModelJSON> | null;
  if (json === null || typeof json !== 'object' || json.modelTopology == null) {
    throw new KerasImportError(`loadTfjsModelDir: ${path} has no "modelTopology", so it is not a TensorFlow.js model.`, {
      file: path,
    });
  }

  if (json.format === 'graph-model') {
    throw new KerasImportError(
      `loadTfjsModelDir: ${path} describes a graph model; this loader reads Layers models ` +
        `only. Load graph models with loadGraphModel from @tensorflow/tfjs-converter.`,
      { file: path },
    );
  }

  return json as io.ModelJSON;
}

async function readShard(path: string, modelJsonPath: string): Promise<ArrayBuffer> {
  try {
    const bytes = await readFile(path);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'unreadable';
    throw new KerasImportError(
      `loadTfjsModelDir: weight file ${path}, listed in the weightsManifest of ` +
        `${modelJsonPath}, is ${reason}: ${(error as Error).message}`,
      { file: path, cause: error },
    );
  }
}
