import { dispose, keep, tensor, type Optimizer, type Scalar, type Tensor, type Variable } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { KerasAdadelta } from './keras-adadelta.js';
import { categoricalCrossentropy, countCorrect } from './losses.js';
import { runTrainingLoop, validateBatch, type StepOutcome } from './training-loop.js';
import type { TrainingBatch, TrainingOptions, TrainingResult } from './training-types.js';

/**
 * Trains a classifier with categorical cross-entropy in a custom loop over caller-supplied
 * batches, calling `optimizer.minimize` once per batch. Unlike `model.fit`, it can resume from any
 * step, stop cleanly between steps, and takes batches from a generator so that the data set need
 * not be one tensor.
 *
 * The model runs with `training: true`, so dropout is active. After each step the loop yields to
 * the event loop, so timers and signal handlers that set the `shouldStop` flag get to run.
 *
 * NOTE: the mean loss and accuracy of an epoch cover only the steps run by this call. For an
 * epoch resumed at `startStep > 0` they leave out the first `startStep` batches.
 *
 * @param model - A model with one input and a softmax output of shape `[batch, classes]`; its
 *   weights are updated in place.
 * @param options - Epochs, steps, the batch source, optimizer, resume position and callbacks.
 * @returns Where training ended and where to resume, with the summaries of finished epochs.
 * @throws RangeError for invalid counts or resume positions, a batch whose shapes do not fit the
 *   model, or an epoch whose batches run out before `stepsPerEpoch`.
 */
export async function trainModel(model: LayersModel, options: TrainingOptions): Promise<TrainingResult> {
  const optimizer = options.optimizer ?? new KerasAdadelta();
  const variables = model.trainableWeights.map((weight) => weight.read() as Variable);

  try {
    return await runTrainingLoop('trainModel', options, (batch, epoch, step) =>
      runStep(model, optimizer, variables, batch, epoch, step),
    );
  } finally {
    if (options.optimizer === undefined) {
      optimizer.dispose();
    }
  }
}

/** Runs one optimizer step on a batch and returns its loss and accuracy. */
async function runStep(
  model: LayersModel,
  optimizer: Optimizer,
  variables: Variable[],
  batch: TrainingBatch,
  epoch: number,
  step: number,
): Promise<StepOutcome> {
  const where = `trainModel (epoch ${epoch}, step ${step})`;
  validateBatch(model, batch, where);

  const xs = tensor(batch.xs.data, batch.xs.shape);
  const ys = tensor(batch.ys.data, batch.ys.shape);
  let correct: Scalar | undefined;
  let loss: Scalar | null = null;
  try {
    loss = optimizer.minimize(
      () => {
        const probabilities = model.apply(xs, { training: true }) as Tensor;
        correct = keep(countCorrect(ys, probabilities));
        return categoricalCrossentropy(ys, probabilities);
      },
      true,
      variables,
    );

    const [lossValue] = await (loss as Scalar).data();
    const [correctValue] = await (correct as Scalar).data();
    return { loss: lossValue, accuracy: correctValue / batch.xs.shape[0] };
  } finally {
    dispose([xs, ys, ...(loss === null ? [] : [loss]), ...(correct === undefined ? [] : [correct])]);
  }
}
