import { extractFeatures } from '@projector-kit/feature-extractor';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import type { Reporter } from '../progress.js';
import type { Images } from './image-input.js';
import { modelInputRows, type InputRange, type ModelInputPlan } from './model-input.js';
import type { Matrix } from './tensor-file.js';

/** Images converted to model input per call of `extractFeatures`, so float copies stay small. */
const ROWS_PER_CHUNK = 1024;

/** Options of {@link modelFeatures}. */
export interface ModelFeaturesOptions {
  plan: ModelInputPlan;
  range: InputRange;
  /** Layer name, or index in `model.layers` (negative counts from the end); default: see `extractFeatures`. */
  layer?: string | number;
  batchSize: number;
  reporter: Reporter;
}

/**
 * Computes the activations of one layer of `model` for every image, a chunk of images at a
 * time, so that only one chunk is held as float32 model input.
 *
 * @param images - Pixels read at `options.plan.readSide` with `options.plan.channels` channels.
 * @returns The features `[n, d]`, `d` the product of the layer's output sizes, and the layer name.
 * @throws RangeError for an unknown layer (the message lists the layers), from `extractFeatures`.
 */
export async function modelFeatures(
  model: LayersModel,
  images: Images,
  options: ModelFeaturesOptions,
): Promise<{ features: Matrix; layer: string }> {
  const { plan, reporter } = options;
  const rows = images.shape[0];
  const task = reporter.task('Extracting features', rows);
  let data: Float32Array | undefined;
  let columns = 0;
  let layer = '';

  for (let first = 0; first < rows; first += ROWS_PER_CHUNK) {
    const count = Math.min(ROWS_PER_CHUNK, rows - first);
    const input = { data: modelInputRows(images, plan, options.range, first, count), shape: [count, ...plan.rowShape] };

    const result = await extractFeatures(model, input, {
      layer: options.layer,
      batchSize: options.batchSize,
      onProgress: (done) => task.update(first + done),
    });

    columns = result.features.shape[1];
    layer = result.layer;
    data ??= new Float32Array(rows * columns);
    data.set(result.features.data, first * columns);
  }

  task.finish(`${layer}: ${rows} x ${columns}`);
  return { features: { data: data!, shape: [rows, columns] }, layer };
}

/** Parses `--layer`: an integer (negative counts from the end) is an index, anything else a name. */
export function parseLayer(text: string | undefined): string | number | undefined {
  if (text === undefined) {
    return undefined;
  }
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}
