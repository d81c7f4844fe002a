import { dispose, tensor, type Tensor } from '@tensorflow/tfjs-core';
import { model as createModel, type LayersModel, type SymbolicTensor } from '@tensorflow/tfjs-layers';

import { resolveLayer } from './resolve-layer.js';
import { validateInput, type TensorData } from './tensor-data.js';

/** Options of {@link extractFeatures}. */
export interface ExtractFeaturesOptions {
  /**
   * Layer whose output is extracted: its name, or its index in `model.layers` with negative
   * indexes counting from the end (`-3` is Keras's `layers[-3]`). By default, the Dense layer with
   * the most units before the output layer; for the reference MNIST CNN that is `dense_1`, the
   * Dense(4096) layer.
   */
  layer?: string | number;
  /** Rows per forward pass. @default 256 */
  batchSize?: number;
  /** Called after every batch with the rows done so far and the total number of rows. */
  onProgress?: (done: number, total: number) => void;
  /** Also return the model's output for the same rows, computed in the same forward pass. @default false */
  alsoOutput?: boolean;
}

/** Result of {@link extractFeatures}. */
export interface FeatureExtraction {
  /** Activations of the layer, one row per input row: shape `[n, d]`, `d` the product of the layer's output dimensions. */
  features: { data: Float32Array; shape: [number, number] };
  /** Name of the layer the features come from. */
  layer: string;
  /** The model's output for the same rows, shape `[n, k]`; present when `alsoOutput` is true. */
  output?: { data: Float32Array; shape: [number, number] };
}

/**
 * Computes the activations of one layer of a model for every input row, in batches and in
 * inference mode (dropout off). A layer whose output has more than two dimensions, such as a
 * convolution's `[n, h, w, c]`, is flattened row-major to `[n, h * w * c]`.
 *
 * Each call builds one sub-model from the model's input to the layer's output (and to the model's
 * output, with `alsoOutput`), which shares the model's weights. Batch results are copied into one
 * preallocated Float32Array, and every intermediate tensor is disposed.
 *
 * @param model - A model with one input and one output, for example the reference CNN.
 * @param input - Input rows, shape `[n, ...model input shape]`, for MNIST `[n, 28, 28, 1]` in [0, 1].
 * @param options - Layer, batch size, progress callback and whether to return the model output.
 * @returns The features `[n, d]`, the layer name and, with `alsoOutput`, the output `[n, k]`.
 * @throws RangeError for an unknown layer name or an index out of range (listing the valid layer
 *   names), an input shape that does not match the model, or an invalid batch size; TypeError for
 *   input data that is not a Float32Array.
 */
export async function extractFeatures(
  model: LayersModel,
  input: TensorData,
  options: ExtractFeaturesOptions = {},
): Promise<FeatureExtraction> {
  const { batchSize = 256, onProgress, alsoOutput = false } = options;

  validateInput('extractFeatures', input, model.inputs[0].shape);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`extractFeatures: options.batchSize must be a positive integer, received ${batchSize}.`);
  }
  const layer = resolveLayer(model, options.layer);

  const layerOutput = layer.output as SymbolicTensor;
  const modelOutput = model.outputs[0];
  // A model cannot list the same tensor twice among its outputs, so the output layer itself is
  // computed once and copied.
  const outputIsLayer = layerOutput === modelOutput;
  const outputs = alsoOutput && !outputIsLayer ? [layerOutput, modelOutput] : [layerOutput];
  const extractor = createModel({ inputs: model.inputs, outputs, name: `${model.name}_features_${layer.name}` });

  const rows = input.shape[0];
  const featureWidth = rowSize(layer.name, layerOutput.shape);
  const outputWidth = rowSize('model output', modelOutput.shape);
  const features = new Float32Array(rows * featureWidth);
  const output = alsoOutput ? new Float32Array(rows * outputWidth) : undefined;
  const inputRowSize = input.shape.slice(1).reduce((product, size) => product * size, 1);

  for (let firstRow = 0; firstRow < rows; firstRow += batchSize) {
    const batchRows = Math.min(batchSize, rows - firstRow);
    const xs = tensor(input.data.subarray(firstRow * inputRowSize, (firstRow + batchRows) * inputRowSize), [
      batchRows,
      ...input.shape.slice(1),
    ]);
    const results = [extractor.predict(xs)].flat() as Tensor[];
    try {
      features.set((await results[0].data()) as Float32Array, firstRow * featureWidth);
      if (output !== undefined) {
        output.set((await results[outputIsLayer ? 0 : 1].data()) as Float32Array, firstRow * outputWidth);
      }
    } finally {
      dispose([xs, ...results]);
    }
    onProgress?.(firstRow + batchRows, rows);
  }

  return {
    features: { data: features, shape: [rows, featureWidth] },
    layer: layer.name,
    ...(output === undefined ? {} : { output: { data: output, shape: [rows, outputWidth] as [number, number] } }),
  };
}

/**
 * Returns the number of values in one row of a tensor of `shape` (all dimensions after the first).
 *
 * @throws RangeError when a dimension after the first is unknown (`null`).
 */
function rowSize(what: string, shape: readonly (number | null)[]): number {
  const dimensions = shape.slice(1);
  if (dimensions.some((size) => size === null)) {
    throw new RangeError(
      `extractFeatures: ${what} has shape [${shape.map((size) => size ?? 'null').join(', ')}] with an unknown dimension after the batch; ` +
        'only layers with a fixed output size per row can be extracted.',
    );
  }
  return (dimensions as number[]).reduce((product, size) => product * size, 1);
}
