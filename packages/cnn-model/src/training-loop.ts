import type { LayersModel } from '@tensorflow/tfjs-layers';

import { StepTimer } from './step-timer.js';
import { validateInputShape, validateTensorData } from './tensor-data.js';
import type { EpochSummary, TrainingBatch, TrainingOptions, TrainingResult } from './training-types.js';

/** Loss and accuracy of one training step. */
export interface StepOutcome {
  /** Mean categorical cross-entropy of the batch, in nats. */
  loss: number;
  /** Fraction of the batch classified correctly, in [0, 1]. */
  accuracy: number;
}

/** Runs one optimizer step on a batch; `epoch` and `step` are for error messages. */
export type StepRunner = (batch: TrainingBatch, epoch: number, step: number) => Promise<StepOutcome>;

/**
 * Runs the epochs and steps of `options` with `runStep` doing the work of each step: skips the
 * batches before the resume position, reports progress and epoch summaries, stops when
 * `shouldStop` returns true and returns the position to resume at. `trainModel` and
 * `trainModelParallel` share it, so both have the same resume and stop semantics.
 *
 * @param operation - The public function's name, used in error messages.
 * @param yieldBetweenSteps - Lets the event loop run before `shouldStop` is checked. The default
 *   is a `setTimeout` of 0, which waits at least 1 ms in Node.
 * @throws RangeError for invalid counts or resume positions, or an epoch whose batches run out.
 */
export async function runTrainingLoop(
  operation: string,
  options: TrainingOptions,
  runStep: StepRunner,
  yieldBetweenSteps: () => Promise<void> = yieldToEventLoop,
): Promise<TrainingResult> {
  const { epochs, stepsPerEpoch, batches, startEpoch = 0, startStep = 0, onStep, onEpochEnd, shouldStop } = options;

  validateTrainingOptions(operation, options);

  const timer = new StepTimer();
  const totalSteps = (epochs - startEpoch) * stepsPerEpoch - startStep;
  const history: EpochSummary[] = [];
  let stepsRun = 0;

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
      const { loss, accuracy } = await runStep(batch, epoch, step);
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

      await yieldBetweenSteps();
      stopRequested = shouldStop?.() === true;
      if (stopRequested || step === stepsPerEpoch) {
        break;
      }
    }

    if (step < stepsPerEpoch && !stopRequested) {
      throw new RangeError(
        `${operation}: batches(${epoch}) yielded ${step} batches but stepsPerEpoch is ${stepsPerEpoch}; ` +
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

  return { stopped: false, epoch: epochs, step: 0, stepsRun, history };
}

/**
 * Throws unless the batch's images fit the model's input and its labels are one-hot rows of the
 * model's class count, one per image.
 *
 * @param where - The operation and position, named in the error.
 * @throws TypeError or RangeError naming the shape received and the shape expected.
 */
export function validateBatch(model: LayersModel, batch: TrainingBatch, where: string): void {
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

/**
 * Throws unless the epoch and step counts are positive integers and the resume position lies
 * inside them.
 *
 * @throws RangeError naming the option, the valid range and the value received.
 */
export function validateTrainingOptions(operation: string, options: TrainingOptions): void {
  const { epochs, stepsPerEpoch, startEpoch = 0, startStep = 0 } = options;
  const counts = { epochs, stepsPerEpoch };
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${operation}: options.${name} must be a positive integer, received ${value}.`);
    }
  }

  if (!Number.isInteger(startEpoch) || startEpoch < 0 || startEpoch >= epochs) {
    throw new RangeError(`${operation}: options.startEpoch must be an integer in [0, ${epochs - 1}], received ${startEpoch}.`);
  }
  if (!Number.isInteger(startStep) || startStep < 0 || startStep >= stepsPerEpoch) {
    throw new RangeError(
      `${operation}: options.startStep must be an integer in [0, ${stepsPerEpoch - 1}], received ${startStep}.`,
    );
  }
}

/** Lets pending timers and I/O callbacks run; promise callbacks alone would starve them. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
