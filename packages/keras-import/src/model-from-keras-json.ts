import { serialization } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { KerasImportError } from './errors.js';
import { isJsonObject, parseKerasTopology, type JsonObject } from './keras-config.js';

/** Options of {@link modelFromKerasJson}. */
export interface ModelFromKerasJsonOptions {
  /**
   * Skip the layers' initializers and fill the weights with zeros, because weights will be
   * loaded next. Saves time on large layers. Same meaning as in TensorFlow.js Layers.
   * @default false
   */
  fastWeightInit?: boolean;
}

type FromConfig = (
  cls: serialization.SerializableConstructor<serialization.Serializable>,
  config: serialization.ConfigDict,
  customObjects?: serialization.ConfigDict,
  fastWeightInit?: boolean,
) => serialization.Serializable;

/**
 * Builds a TensorFlow.js model from a Keras JSON topology, without weights.
 *
 * Reads the output of Keras `model.to_json()`: Sequential models in the list style of
 * Keras 2.0 to 2.2.2 (`"config": [{layer}, ...]`) and the dict style of later versions
 * (`"config": {"name": ..., "layers": [...]}`), and functional models (`Model`, `Functional`).
 * Also accepts a whole-model file's `model_config` and a TensorFlow.js `model.json`.
 *
 * @param json - The topology as JSON text or as the parsed object (not modified).
 * @param options - See {@link ModelFromKerasJsonOptions}.
 * @returns An uncompiled model with freshly initialised weights, so the layers and weight
 *   shapes match the Keras model. Load weights with `loadKerasWeights`.
 * @throws KerasImportError when the JSON is invalid or a layer's class is not implemented by
 *   TensorFlow.js Layers 4.22. The error names the layer and the class. Also thrown when
 *   TensorFlow.js rejects a layer's config, naming the layer when it can be found.
 */
export function modelFromKerasJson(json: string | object, options: ModelFromKerasJsonOptions = {}): LayersModel {
  const { fastWeightInit = false } = options;
  const operation = 'modelFromKerasJson';
  const topology = parseKerasTopology(json, operation);

  const config = convertPythonicToTs(topology.config) as serialization.ConfigDict;
  const [cls, fromConfig] = lookUpClass(topology.className);

  try {
    // Sequential.fromConfig deletes `layers` from its argument, so it gets a copy.
    return fromConfig(cls, structuredClone(config), {}, fastWeightInit) as unknown as LayersModel;
  } catch (error) {
    const layer = findRejectedLayer(config);
    const where = layer === undefined ? '' : ` at layer "${layer.name}" (${layer.className})`;
    throw new KerasImportError(
      `${operation}: TensorFlow.js could not build the ${topology.className} model${where}: ` + `${(error as Error).message}`,
      { layer: layer?.name, cause: error },
    );
  }
}

function lookUpClass(className: string): [serialization.SerializableConstructor<serialization.Serializable>, FromConfig] {
  const entry = serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) {
    throw new KerasImportError(
      `modelFromKerasJson: class "${className}" is not registered. Import ` + `@tensorflow/tfjs-layers before calling.`,
    );
  }

  return entry as unknown as [serialization.SerializableConstructor<serialization.Serializable>, FromConfig];
}

/**
 * Builds each layer on its own to find the one whose config TensorFlow.js rejects.
 * Returns `undefined` when every layer builds alone, so the failure is in how they connect.
 */
function findRejectedLayer(config: JsonObject): { name: string; className: string } | undefined {
  const layers = Array.isArray(config['layers']) ? config['layers'] : [];
  for (const layer of layers) {
    if (!isJsonObject(layer) || !isJsonObject(layer['config'])) {
      continue;
    }

    const className = String(layer['className']);
    const layerConfig = layer['config'];
    try {
      const [cls, fromConfig] = lookUpClass(className);
      fromConfig(cls, structuredClone(layerConfig) as serialization.ConfigDict);
    } catch {
      return { name: String(layerConfig['name'] ?? layer['name']), className };
    }
  }

  return undefined;
}

/**
 * Converts Keras's snake_case config to the camelCase config that TensorFlow.js classes read.
 *
 * Follows `convertPythonicToTs` in TensorFlow.js Layers 4.22, which is not exported: keys and
 * string values become camelCase, except `name` values and the layer names at index 0 of
 * `inbound_nodes`, `input_layers` and `output_layers` entries.
 */
function convertPythonicToTs(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    return toCamelCase(value);
  }

  if (Array.isArray(value)) {
    return value.map((item: unknown, index) => {
      const isLayerName =
        typeof item === 'string' && index === 0 && (key === 'inboundNodes' || key === 'inputLayers' || key === 'outputLayers');
      return isLayerName ? item : convertPythonicToTs(item, key);
    });
  }

  if (!isJsonObject(value)) {
    return value;
  }

  const converted: JsonObject = {};
  for (const [pythonicKey, item] of Object.entries(value)) {
    if (pythonicKey === 'name' && typeof item === 'string') {
      converted[pythonicKey] = item;
    } else {
      const tsKey = toCamelCase(pythonicKey);
      converted[tsKey] = convertPythonicToTs(item, tsKey);
    }
  }

  return converted;
}

function toCamelCase(identifier: string): string {
  if (identifier.length <= 1 || !identifier.includes('_')) {
    return identifier;
  }

  return identifier.replace(/_+(\w|$)/g, (_match, letter: string) => letter.toUpperCase());
}
