import { dispose, keep, tensor, type Optimizer, type Scalar, type Tensor, type Variable } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

import { KerasAdadelta } from './keras-adadelta.js';
import { categoricalCrossentropy, countCorrect } from './losses.js';
import { StepTimer } from './step-timer.js';
import { validateInputShape, validateTensorData } from './tensor-data.js';
import type { EpochSummary, TrainingBatch, TrainingOptions, TrainingResult } from './training-types.js';

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
  const { epochs, stepsPerEpoch, batches, startEpoch = 0, startStep = 0, onStep, onEpochEnd, shouldStop } = options;
  const optimizer = options.optimizer ?? new KerasAdadelta();

  validateOptions(epochs, stepsPerEpoch, startEpoch, startStep);

  const variables = model.trainableWeights.map((weight) => weight.read() as Variable);
  const timer = new StepTimer();
  const totalSteps = (epochs - startEpoch) * stepsPerEpoch - startStep;
  const history: EpochSummary[] = [];
  let stepsRun = 0;

  try {
    for (let epoch = startEpoch; epoch < epochs; epoch++) {
      const firstStep = epoch === startEpoch ? startStep : 0;
      let step = 0;
      let lossSum = 0;
      let accuracySum = 0;
      let epochMilliseconds = 0;
      let stopRequested = false;

      for await (const batch of batches(epoch)) {
        if (step < firstStep) {
          step++;
          continue;
        }

        const started = performance.now();
        const { loss, accuracy } = await runStep(model, optimizer, variables, batch, epoch, step);
        const milliseconds = performance.now() - started;

        timer.record(milliseconds);
        epochMilliseconds += milliseconds;
        lossSum += loss;
        accuracySum += accuracy;
        stepsRun++;
        const stepsInEpoch = step - firstStep + 1;
        onStep?.({
          epoch,
          epochs,
          step,
          stepsPerEpoch,
          loss,
          accuracy,
          meanLoss: lossSum / stepsInEpoch,
          meanAccuracy: accuracySum / stepsInEpoch,
          msPerStep: timer.median(),
          etaSeconds: (timer.median() * (totalSteps - stepsRun)) / 1000,
        });
        step++;

        await yieldToEventLoop();
        stopRequested = shouldStop?.() === true;
        if (stopRequested || step === stepsPerEpoch) {
          break;
        }
      }

      if (step < stepsPerEpoch && !stopRequested) {
        throw new RangeError(
          `trainModel: batches(${epoch}) yielded ${step} batches but stepsPerEpoch is ${stepsPerEpoch}; ` +
            'yield at least stepsPerEpoch batches per epoch or lower stepsPerEpoch.',
        );
      }

      if (step === stepsPerEpoch) {
        const stepsInEpoch = stepsPerEpoch - firstStep;
        const summary: EpochSummary = {
          epoch,
          loss: lossSum / stepsInEpoch,
          accuracy: accuracySum / stepsInEpoch,
          seconds: epochMilliseconds / 1000,
          msPerStep: epochMilliseconds / stepsInEpoch,
        };
        history.push(summary);
        onEpochEnd?.(summary);
      }

      if (stopRequested) {
        const finishedEpoch = step === stepsPerEpoch;
        const stoppedAtEnd = finishedEpoch && epoch + 1 === epochs;
        return {
          stopped: !stoppedAtEnd,
          epoch: finishedEpoch ? epoch + 1 : epoch,
          step: finishedEpoch ? 0 : step,
          stepsRun,
          history,
        };
      }
    }
  } finally {
    if (options.optimizer === undefined) {
      optimizer.dispose();
    }
  }

  return { stopped: false, epoch: epochs, step: 0, stepsRun, history };
}

/** Runs one optimizer step on a batch and returns its loss and accuracy. */
async function runStep(
  model: LayersModel,
  optimizer: Optimizer,
  variables: Variable[],
  batch: TrainingBatch,
  epoch: number,
  step: number,
): Promise<{ loss: number; accuracy: number }> {
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

function validateBatch(model: LayersModel, batch: TrainingBatch, where: string): void {
  validateTensorData(where, 'batch.xs', batch.xs);
  validateTensorData(where, 'batch.ys', batch.ys);
  validateInputShape(where, 'batch.xs', batch.xs.shape, model.inputs[0].shape);

  const classes = model.outputs[0].shape[1];
  const [rows, columns] = batch.ys.shape;
  if (batch.ys.shape.length !== 2 || rows !== batch.xs.shape[0] || columns !== classes) {
    throw new RangeError(
      `${where}: batch.ys.shape must be [${batch.xs.shape[0]}, ${classes}] (one-hot labels for every image), ` +
        `received [${batch.ys.shape.join(', ')}].`,
    );
  }
}

function validateOptions(epochs: number, stepsPerEpoch: number, startEpoch: number, startStep: number): void {
  const counts = { epochs, stepsPerEpoch };
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`trainModel: options.${name} must be a positive integer, received ${value}.`);
    }
  }

  if (!Number.isInteger(startEpoch) || startEpoch < 0 || startEpoch >= epochs) {
    throw new RangeError(`trainModel: options.startEpoch must be an integer in [0, ${epochs - 1}], received ${startEpoch}.`);
  }
  if (!Number.isInteger(startStep) || startStep < 0 || startStep >= stepsPerEpoch) {
    throw new RangeError(
      `trainModel: options.startStep must be an integer in [0, ${stepsPerEpoch - 1}], received ${startStep}.`,
    );
  }
}

/** Lets pending timers and I/O callbacks run; promise callbacks alone would starve them. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
