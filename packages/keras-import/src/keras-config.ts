import { serialization } from '@tensorflow/tfjs-core';
import { layers as tflayers } from '@tensorflow/tfjs-layers';

import { KerasImportError } from './errors.js';

/** A JSON object as written by Keras, with snake_case keys. */
export type JsonObject = { [key: string]: unknown };

/** A Keras model topology reduced to the shape TensorFlow.js Layers deserializes. */
export interface KerasTopology {
  /** `Sequential`, `Model` (Keras 2) or `Functional` (tf.keras 2.4 and later). */
  className: string;

  /** The model's config with Keras's snake_case keys, normalised for TensorFlow.js. */
  config: JsonObject;
}

const MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a Keras topology and rewrites what TensorFlow.js Layers 4.22 reads differently.
 *
 * Accepts `model.to_json()` output, the `model_config` attribute of a whole-model HDF5 file,
 * or a TensorFlow.js `model.json` (its `modelTopology`). It rewrites four differences:
 * - a list-style Sequential config (Keras 2.0 to 2.2.2) becomes `{ layers }`;
 * - Keras 3's `batch_shape` becomes `batch_input_shape`;
 * - a dtype policy object becomes its name;
 * - the `untruncated_normal` distribution becomes `normal`. This changes only initial values,
 *   which loaded weights replace.
 *
 * @throws KerasImportError on invalid JSON, an unknown model class, a layer class that
 *   TensorFlow.js does not implement, or a Keras 3 functional config.
 */
export function parseKerasTopology(json: string | object, operation: string): KerasTopology {
  let topology = parseJson(json, operation);

  while (isJsonObject(topology) && ('modelTopology' in topology || 'model_config' in topology)) {
    const inner = topology['modelTopology'] ?? topology['model_config'];
    topology = typeof inner === 'string' ? parseJson(inner, operation) : inner;
  }

  if (!isJsonObject(topology) || typeof topology['class_name'] !== 'string') {
    throw new KerasImportError(
      `${operation}: the topology has no "class_name"; expected the output of Keras ` +
        `model.to_json(), such as {"class_name": "Sequential", "config": ...}.`,
    );
  }

  const className = topology['class_name'];
  if (!MODEL_CLASSES.has(className)) {
    throw new KerasImportError(
      `${operation}: the top-level class is "${className}"; expected Sequential, Model or ` +
        `Functional. Subclassed Keras models have no JSON topology: rebuild them as one of these.`,
    );
  }

  return { className, config: normalizeModelConfig(className, topology['config'], operation) };
}

function parseJson(json: string | object, operation: string): unknown {
  if (typeof json !== 'string') {
    return structuredClone(json);
  }

  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw new KerasImportError(
      `${operation}: the topology is not valid JSON (${(error as Error).message}). Pass the ` +
        `text that Keras model.to_json() returns, or the parsed object.`,
      { cause: error },
    );
  }
}

function normalizeModelConfig(className: string, config: unknown, operation: string): JsonObject {
  if (className === 'Sequential' && Array.isArray(config)) {
    config = { layers: config };
  }

  if (!isJsonObject(config) || !Array.isArray(config['layers'])) {
    throw new KerasImportError(
      `${operation}: the ${className} config has no "layers" list; received ` + `${JSON.stringify(config)?.slice(0, 200)}.`,
    );
  }

  for (const layer of config['layers']) {
    normalizeLayer(layer, operation);
  }

  return config;
}

function normalizeLayer(layer: unknown, operation: string): void {
  const className = isJsonObject(layer) ? layer['class_name'] : undefined;
  const config = isJsonObject(layer) ? layer['config'] : undefined;
  if (!isJsonObject(layer) || typeof className !== 'string' || !isJsonObject(config)) {
    throw new KerasImportError(
      `${operation}: each layer needs "class_name" and "config"; received ` + `${JSON.stringify(layer)?.slice(0, 200)}.`,
    );
  }

  const name = typeof config['name'] === 'string' ? config['name'] : String(layer['name']);
  checkLayerClass(name, className, operation);

  if (Array.isArray(layer['inbound_nodes']) && layer['inbound_nodes'].some(isJsonObject)) {
    throw new KerasImportError(
      `${operation}: layer "${name}" uses the Keras 3 functional config format, which ` +
        `TensorFlow.js Layers 4.22 cannot read. Save the model with Keras 2 or tf.keras.`,
      { layer: name },
    );
  }

  if ('batch_shape' in config && !('batch_input_shape' in config)) {
    config['batch_input_shape'] = config['batch_shape'];
    delete config['batch_shape'];
  }

  if (isJsonObject(config['dtype'])) {
    const policy = config['dtype']['config'];
    config['dtype'] = isJsonObject(policy) ? policy['name'] : 'float32';
  }

  for (const [key, value] of Object.entries(config)) {
    const initializerConfig = isJsonObject(value) ? value['config'] : undefined;
    if (
      key.endsWith('_initializer') &&
      isJsonObject(initializerConfig) &&
      initializerConfig['distribution'] === 'untruncated_normal'
    ) {
      initializerConfig['distribution'] = 'normal';
    }
  }

  if (MODEL_CLASSES.has(className)) {
    layer['config'] = normalizeModelConfig(className, config, operation);
  }
}

function checkLayerClass(name: string, className: string, operation: string): void {
  const entry = serialization.SerializationMap.getMap().classNameMap[className];
  const isLayer = entry !== undefined && (entry[0] as unknown as { prototype: unknown }).prototype instanceof tflayers.Layer;
  if (!isLayer) {
    throw new KerasImportError(
      `${operation}: layer "${name}" has class "${className}", which TensorFlow.js Layers ` +
        `4.22 does not implement. Replace the layer in Keras, or register a custom layer ` +
        `class named "${className}" with tf.serialization.registerClass before importing.`,
      { layer: name },
    );
  }
}
