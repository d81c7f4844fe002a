import { dispose, tensor, type Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { validateInputShape, validateTensorData, type TensorData } from './tensor-data.js';

/** Options shared by the functions that run a model over many rows. */
export interface BatchOptions {
  /** Rows per forward pass; larger batches are faster until memory runs short. @default 256 */
  batchSize?: number;
  /** Called after every batch with the rows done so far and the total number of rows. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs `model.predict` (inference mode, so dropout is off) over `input` in batches and hands each
 * batch's output rows to `consume` as a Float32Array of shape `[rows, classes]`.
 *
 * @throws TypeError or RangeError for invalid input data, shape or batch size.
 */
export async function predictInBatches(
  operation: string,
  model: LayersModel,
  input: TensorData,
  options: BatchOptions,
  consume: (probabilities: Float32Array, firstRow: number, rows: number, classes: number) => void,
): Promise<void> {
  const { batchSize = 256, onProgress } = options;

  validateTensorData(operation, 'input', input);
  validateInputShape(operation, 'input', input.shape, model.inputs[0].shape);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`${operation}: options.batchSize must be a positive integer, received ${batchSize}.`);
  }

  const total = input.shape[0];
  const rowSize = input.shape.slice(1).reduce((product, size) => product * size, 1);

  for (let firstRow = 0; firstRow < total; firstRow += batchSize) {
    const rows = Math.min(batchSize, total - firstRow);
    const xs = tensor(input.data.subarray(firstRow * rowSize, (firstRow + rows) * rowSize), [rows, ...input.shape.slice(1)]);
    const output = model.predict(xs) as Tensor;
    try {
      const probabilities = (await output.data()) as Float32Array;
      consume(probabilities, firstRow, rows, output.shape[1] as number);
    } finally {
      dispose([xs, output]);
    }
    onProgress?.(firstRow + rows, total);
  }
}

/** Returns the index of the largest of `classes` values starting at `offset`; the first one wins ties. */
export function argMaxRow(values: Float32Array, offset: number, classes: number): number {
  let best = 0;
  for (let k = 1; k < classes; k++) {
    if (values[offset + k] > values[offset + best]) {
      best = k;
    }
  }
  return best;
}
