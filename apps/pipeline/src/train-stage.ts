import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, Sequential } from '@tensorflow/tfjs-layers';
import {
  createReferenceCnn,
  KerasAdadelta,
  loadModel,
  loadOptimizer,
  saveModel,
  trainModelParallel,
} from '@projector-kit/cnn-model';
import { getBackend } from '@tensorflow/tfjs-core';
import { batchIterator, stepsPerEpoch, type MnistSplit } from '@projector-kit/mnist-loader';

import {
  hasTrainedModel,
  readCheckpointState,
  storeTrainedModel,
  writeCheckpoint,
  type ModelCacheEntry,
  type TrainingSettings,
} from './model-cache.js';
import { formatDuration, type Reporter } from './progress.js';

/** Exit code of a run stopped by SIGINT or SIGTERM after saving a checkpoint (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;

/** Error for training stopped by a signal. The checkpoint is saved, and the message gives the resume command. */
export class TrainingInterrupted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingInterrupted';
  }
}

export interface TrainStageOptions {
  train: MnistSplit;
  settings: TrainingSettings;
  cache: ModelCacheEntry;
  retrain: boolean;
  resume: boolean;
  reporter: Reporter;
  /** The command to print in the resume hint. */
  resumeCommand: string;
  /** Threads that train in parallel on shards of each batch (wasm and cpu backends only). */
  workers: number;
}

export interface TrainStageResult {
  model: LayersModel;
  reused: boolean;
  stepsRun: number;
  msPerStep?: number;
}

/**
 * Returns a trained reference CNN: the cached one for these settings, or one trained now.
 * SIGINT and SIGTERM stop training after the current step, save a checkpoint and throw
 * `TrainingInterrupted`; `resume` continues from that checkpoint.
 */
export async function trainStage(options: TrainStageOptions): Promise<TrainStageResult> {
  const { train, settings, cache, reporter } = options;

  if (!options.retrain && !options.resume && hasTrainedModel(cache)) {
    reporter.line(`Model: reusing the trained model in ${cache.modelDir} (pass --retrain to train again).`);
    return { model: await loadModel(cache.modelDir), reused: true, stepsRun: 0 };
  }

  const { model, optimizer, startEpoch, startStep, stepsBefore } = await startingPoint(options);
  const steps = stepsPerEpoch(settings.trainCount, settings.batchSize, false);
  const totalSteps = steps * settings.epochs;

  let stopRequested = false;
  const onSignal = (signal: string) => {
    if (!stopRequested) {
      reporter.line(`\n${signal} received: stopping after the current step and saving a checkpoint...`);
    }
    stopRequested = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const task = reporter.task('Training', totalSteps);
  let result;
  try {
    result = await trainModelParallel(model, {
      workers: parallelWorkers(options.workers),
      workerSetup: new URL('./worker-setup.js', import.meta.url),
      seed: settings.seed,
      epochs: settings.epochs,
      stepsPerEpoch: steps,
      startEpoch,
      startStep,
      optimizer,
      batches: (epoch: number) => batchIterator(train, { batchSize: settings.batchSize, seed: settings.seed, epoch }),
      shouldStop: () => stopRequested,
      onStep: (p) => {
        const done = p.epoch * steps + p.step;
        task.update(
          done,
          `epoch ${p.epoch + 1}/${p.epochs} loss ${p.meanLoss.toFixed(4)} acc ${(p.meanAccuracy * 100).toFixed(2)}% ` +
            `${p.msPerStep.toFixed(0)} ms/step ETA ${formatDuration(p.etaSeconds)}`,
        );
      },
      onEpochEnd: (e) => {
        reporter.line(
          `Epoch ${e.epoch + 1}/${settings.epochs}: loss ${e.loss.toFixed(4)}, accuracy ${(e.accuracy * 100).toFixed(2)}%, ` +
            `${formatDuration(e.seconds)} (${e.msPerStep.toFixed(0)} ms/step)`,
        );
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const stepsRun = stepsBefore + result.stepsRun;
  if (result.stopped) {
    await writeCheckpoint(
      cache,
      { settings, epoch: result.epoch, step: result.step, stepsRun, savedAt: new Date().toISOString() },
      (dir) => saveModel(model, dir, { optimizer }),
    );
    throw new TrainingInterrupted(
      `Training stopped at epoch ${result.epoch + 1}, step ${result.step} of ${steps} (${stepsRun} of ${totalSteps} steps done). ` +
        `Checkpoint saved in ${cache.checkpointDir}.\nResume with: ${options.resumeCommand} --resume`,
    );
  }

  task.finish(`${stepsRun} steps`);
  await storeTrainedModel(cache, (dir) => saveModel(model, dir));
  const last = result.history.at(-1);
  return { model, reused: false, stepsRun, msPerStep: last?.msPerStep };
}

/**
 * Returns the replica count for training: native TensorFlow backends already use every core,
 * so only the JavaScript backends (wasm, cpu) train on several threads.
 */
function parallelWorkers(requested: number): number {
  return getBackend() === 'wasm' || getBackend() === 'cpu' ? requested : 1;
}

async function startingPoint(options: TrainStageOptions): Promise<{
  model: Sequential | LayersModel;
  optimizer: tf.Optimizer;
  startEpoch: number;
  startStep: number;
  stepsBefore: number;
}> {
  const { cache, settings, reporter } = options;
  const state = await readCheckpointState(cache);

  if (options.resume && state) {
    reporter.line(`Resuming from the checkpoint at epoch ${state.epoch + 1}, step ${state.step} (${state.stepsRun} steps done).`);
    const model = await loadModel(cache.checkpointDir);
    const optimizer = await loadOptimizer(cache.checkpointDir, model);
    return { model, optimizer, startEpoch: state.epoch, startStep: state.step, stepsBefore: state.stepsRun };
  }

  if (options.resume) {
    reporter.line(`No checkpoint found in ${cache.checkpointDir}: training from the start.`);
  } else if (state) {
    reporter.line(`Ignoring the checkpoint in ${cache.checkpointDir} (pass --resume to continue it).`);
  }
  return {
    model: createReferenceCnn({ seed: settings.seed }),
    optimizer: new KerasAdadelta(),
    startEpoch: 0,
    startStep: 0,
    stepsBefore: 0,
  };
}
