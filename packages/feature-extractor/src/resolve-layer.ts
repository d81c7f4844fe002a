import type { LayersModel } from '@tensorflow/tfjs-layers';

type Layer = LayersModel['layers'][number];

/**
 * Finds the layer that `extractFeatures` reads: by name, by index (negative indexes count from
 * the end, as in Python), or by default the Dense layer with the most units before the output
 * layer. Among Dense layers of equal size the one nearest the output wins, as Keras feature
 * extraction usually takes the last fully connected layer.
 *
 * @throws RangeError for an unknown name or an index out of range, listing the valid names.
 * @throws TypeError for a `layer` that is neither a string nor an integer.
 * @throws Error when no layer is given and the model has no Dense layer before its output.
 */
export function resolveLayer(model: LayersModel, layer: string | number | undefined): Layer {
  const layers = model.layers;
  const names = () => layers.map((candidate, index) => `${index}: ${candidate.name}`).join(', ');

  if (layer === undefined) {
    return defaultFeatureLayer(model, names);
  }

  if (typeof layer === 'string') {
    const found = layers.find((candidate) => candidate.name === layer);
    if (found === undefined) {
      throw new RangeError(`extractFeatures: options.layer '${layer}' is not a layer of the model; valid layers are ${names()}.`);
    }
    return found;
  }

  if (!Number.isInteger(layer)) {
    throw new TypeError(
      `extractFeatures: options.layer must be a layer name or an integer index, received ${String(layer)} (${typeof layer}).`,
    );
  }

  const index = layer < 0 ? layers.length + layer : layer;
  if (index < 0 || index >= layers.length) {
    throw new RangeError(
      `extractFeatures: options.layer index ${layer} is out of range for a model of ${layers.length} layers ` +
        `(use ${-layers.length} to ${layers.length - 1}); valid layers are ${names()}.`,
    );
  }
  return layers[index];
}

function defaultFeatureLayer(model: LayersModel, names: () => string): Layer {
  let best: Layer | undefined;
  let bestUnits = 0;
  for (const candidate of model.layers.slice(0, -1)) {
    const units = candidate.getClassName() === 'Dense' ? (candidate.getConfig().units as number) : 0;
    if (units > 0 && units >= bestUnits) {
      best = candidate;
      bestUnits = units;
    }
  }

  if (best === undefined) {
    throw new Error(
      `extractFeatures: the model has no Dense layer before its output to default to; pass options.layer, one of ${names()}.`,
    );
  }
  return best;
}
