import type { Optimizer } from '@tensorflow/tfjs-core';

import type { TensorData } from './tensor-data.js';

/** One training batch: images and one-hot labels as plain data. */
export interface TrainingBatch {
  /** Inputs, shape `[batch, ...model input shape]`, for MNIST `[32, 28, 28, 1]` scaled to [0, 1]. */
  xs: TensorData;
  /** One-hot labels, shape `[batch, classes]`. */
  ys: TensorData;
}

/** Progress reported after every training step. Indexes are 0-based. */
export interface StepProgress {
  /** Index of the current epoch. */
  epoch: number;
  /** Number of epochs of the whole run. */
  epochs: number;
  /** Index of the step just finished within its epoch. */
  step: number;
  /** Number of steps in one epoch. */
  stepsPerEpoch: number;
  /** Categorical cross-entropy of this batch, in nats, measured with dropout active. */
  loss: number;
  /** Fraction of this batch classified correctly, in [0, 1], with dropout active. */
  accuracy: number;
  /** Mean of `loss` over the steps of this epoch run so far. */
  meanLoss: number;
  /** Mean of `accuracy` over the steps of this epoch run so far. */
  meanAccuracy: number;
  /** Median duration of the most recent steps (up to 25), in milliseconds. */
  msPerStep: number;
  /** Estimated seconds to the end of training: `msPerStep` times the steps left. */
  etaSeconds: number;
}

/** Summary of one finished epoch. */
export interface EpochSummary {
  /** Index of the epoch. */
  epoch: number;
  /** Mean batch loss over the steps run in this epoch. */
  loss: number;
  /** Mean batch accuracy over the steps run in this epoch. */
  accuracy: number;
  /** Wall time of the steps run in this epoch, in seconds. */
  seconds: number;
  /** Mean wall time per step over the epoch, in milliseconds. */
  msPerStep: number;
}

/** Options of `trainModel`. */
export interface TrainingOptions {
  /** Number of epochs of the whole run, counting the epochs before `startEpoch`. */
  epochs: number;
  /** Number of batches in one epoch; `batches(epoch)` must yield at least this many. */
  stepsPerEpoch: number;
  /**
   * Returns the batches of an epoch in order. Called once per epoch with the epoch index; may
   * return a sync or an async iterable. Only the first `stepsPerEpoch` batches are used.
   */
  batches: (epoch: number) => Iterable<TrainingBatch> | AsyncIterable<TrainingBatch>;
  /** The optimizer; pass one to resume its state or to keep it afterwards. @default new KerasAdadelta() */
  optimizer?: Optimizer;
  /** Index of the epoch to start at when resuming. @default 0 */
  startEpoch?: number;
  /**
   * Number of batches of `startEpoch` already trained on. They are read from the iterable and
   * skipped, so a resumed run trains on the same batches as an uninterrupted one. @default 0
   */
  startStep?: number;
  /** Called after every step. */
  onStep?: (progress: StepProgress) => void;
  /** Called after every epoch that ran to its last step. */
  onEpochEnd?: (summary: EpochSummary) => void;
  /** Checked after every step; returning true stops training after that step. */
  shouldStop?: () => boolean;
}

/** Outcome of `trainModel`. */
export interface TrainingResult {
  /** Whether `shouldStop` ended training before the last epoch finished. */
  stopped: boolean;
  /** Epoch to resume at: pass it as `startEpoch`. Equals `epochs` when training finished. */
  epoch: number;
  /** Step to resume at: pass it as `startStep`. */
  step: number;
  /** Number of steps run by this call. */
  stepsRun: number;
  /** Summaries of the epochs that ended during this call. */
  history: EpochSummary[];
}
