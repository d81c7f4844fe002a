import type { LayersModel } from '@tensorflow/tfjs-layers';

import { argMaxRow, predictInBatches, type BatchOptions } from './batched-predict.js';
import { validateTensorData, type TensorData } from './tensor-data.js';

/** Keras's `backend.epsilon()`, the clip applied to probabilities before the logarithm. */
const EPSILON = 1e-7;

/** Result of {@link evaluateModel}. */
export interface Evaluation {
  /** Fraction of rows whose predicted class equals the label, in [0, 1]. */
  accuracy: number;
  /** Mean categorical cross-entropy over the rows, in nats, computed as Keras does. */
  loss: number;
  /** Predicted class (argmax of the output) of every row, length `n`. */
  predictions: Uint8Array;
  /** Confusion matrix, `classes x classes` row-major: entry `[label * classes + predicted]` counts rows. */
  confusion: Int32Array;
}

/**
 * Evaluates a classifier on labelled rows in inference mode (dropout off): accuracy, mean
 * categorical cross-entropy, the predicted class of every row and the confusion matrix.
 *
 * @param model - A model with a softmax output of shape `[batch, classes]`, at most 256 classes.
 * @param input - Inputs of shape `[n, height, width, channels]` matching the model input.
 * @param labels - Class index of every row, length `n`, each below the number of classes.
 * @param options - Batch size (default 256) and a progress callback `(done, total)` in rows.
 * @throws TypeError or RangeError for invalid input, labels out of range, a label count that
 *   differs from `n`, or a model with more than 256 classes.
 */
export async function evaluateModel(
  model: LayersModel,
  input: TensorData,
  labels: Uint8Array,
  options: BatchOptions = {},
): Promise<Evaluation> {
  const classes = outputClasses('evaluateModel', model);
  validateTensorData('evaluateModel', 'input', input);
  validateLabels(labels, input.shape[0], classes);

  const rows = input.shape[0];
  const predictions = new Uint8Array(rows);
  const confusion = new Int32Array(classes * classes);
  let correct = 0;
  let lossSum = 0;

  await predictInBatches('evaluateModel', model, input, options, (probabilities, firstRow, batchRows) => {
    for (let row = 0; row < batchRows; row++) {
      const offset = row * classes;
      const label = labels[firstRow + row];
      const predicted = argMaxRow(probabilities, offset, classes);

      let rowSum = 0;
      for (let k = 0; k < classes; k++) rowSum += probabilities[offset + k];
      const probability = Math.min(Math.max(probabilities[offset + label] / rowSum, EPSILON), 1 - EPSILON);

      lossSum -= Math.log(probability);
      predictions[firstRow + row] = predicted;
      confusion[label * classes + predicted]++;
      if (predicted === label) correct++;
    }
  });

  return {
    accuracy: rows === 0 ? 0 : correct / rows,
    loss: rows === 0 ? 0 : lossSum / rows,
    predictions,
    confusion,
  };
}

/**
 * Predicts the class of every row (argmax of the model output) in inference mode.
 *
 * @param model - A classifier with output shape `[batch, classes]`, at most 256 classes.
 * @param input - Inputs of shape `[n, ...model input shape]`.
 * @param options - Batch size (default 256) and a progress callback `(done, total)` in rows.
 * @returns The class index of every row, length `n`.
 * @throws TypeError or RangeError for invalid input or a model with more than 256 classes.
 */
export async function predictClasses(model: LayersModel, input: TensorData, options: BatchOptions = {}): Promise<Uint8Array> {
  const classes = outputClasses('predictClasses', model);
  validateTensorData('predictClasses', 'input', input);
  const predictions = new Uint8Array(input.shape[0]);

  await predictInBatches('predictClasses', model, input, options, (probabilities, firstRow, batchRows) => {
    for (let row = 0; row < batchRows; row++) {
      predictions[firstRow + row] = argMaxRow(probabilities, row * classes, classes);
    }
  });

  return predictions;
}

function outputClasses(operation: string, model: LayersModel): number {
  const shape = model.outputs[0].shape;
  const classes = shape[1];
  if (shape.length !== 2 || classes === null || classes > 256) {
    throw new RangeError(
      `${operation}: the model output must have shape [batch, classes] with at most 256 classes to fit a Uint8Array, ` +
        `received [${shape.map((size) => size ?? 'null').join(', ')}].`,
    );
  }
  return classes;
}

function validateLabels(labels: Uint8Array, rows: number, classes: number): void {
  if (!(labels instanceof Uint8Array)) {
    throw new TypeError(
      `evaluateModel: labels must be a Uint8Array of class indexes, received ${Object.prototype.toString.call(labels)}.`,
    );
  }
  if (labels.length !== rows) {
    throw new RangeError(
      `evaluateModel: labels has ${labels.length} entries but input has ${rows} rows; pass one label per row.`,
    );
  }

  const index = labels.findIndex((label) => label >= classes);
  if (index !== -1) {
    throw new RangeError(
      `evaluateModel: labels[${index}] is ${labels[index]} but the model has ${classes} classes; labels must be in [0, ${classes - 1}].`,
    );
  }
}
