import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { layers, sequential } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';

import { KerasAdadelta, trainModel, trainModelParallel, type StepProgress } from '../src/index.js';
import type { ReplicaPool } from '../src/replica-pool.js';
import { trainWithReplicas } from '../src/train-parallel.js';
import { clusterBatches, createTinyClassifier, FEATURES, FlakyIdentity, weightValues } from './fixtures.js';

const cpuSetup = new URL('./setup/cpu-backend.ts', import.meta.url);
const batches = (epoch: number) => clusterBatches(epoch, 5, 16);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainModelParallel on the cpu backend', () => {
  test('stopped run resumes to the weights of an uninterrupted one', async () => {
    const uninterrupted = createTinyClassifier(3);
    const full = await trainModelParallel(uninterrupted, {
      epochs: 2,
      stepsPerEpoch: 5,
      batches,
      workers: 2,
      workerSetup: cpuSetup,
    });
    expect(full).toMatchObject({ stopped: false, epoch: 2, step: 0, stepsRun: 10 });

    const model = createTinyClassifier(3);
    const optimizer = new KerasAdadelta();
    const progress: StepProgress[] = [];
    const options = {
      epochs: 2,
      stepsPerEpoch: 5,
      batches,
      optimizer,
      workers: 2,
      workerSetup: cpuSetup,
      onStep: (p: StepProgress) => progress.push(p),
    };
    let steps = 0;
    const stopped = await trainModelParallel(model, { ...options, shouldStop: () => ++steps === 7 });
    expect(stopped).toMatchObject({ stopped: true, epoch: 1, step: 2, stepsRun: 7 });
    expect(stopped.history).toHaveLength(1);
    expect(optimizer.iterations).toBe(7);

    const resumed = await trainModelParallel(model, { ...options, startEpoch: 1, startStep: 2 });
    expect(resumed).toMatchObject({ stopped: false, epoch: 2, step: 0, stepsRun: 3 });
    expect(progress.map(({ epoch, step }) => `${epoch}.${step}`)).toEqual([
      '0.0',
      '0.1',
      '0.2',
      '0.3',
      '0.4',
      '1.0',
      '1.1',
      '1.2',
      '1.3',
      '1.4',
    ]);
    // The model has no dropout and the gradients are summed in a fixed order, so the runs agree bit for bit.
    expect(weightValues(model)).toEqual(weightValues(uninterrupted));
    model.dispose();
    uninterrupted.dispose();
    optimizer.dispose();
  });

  test('losses match trainModel to float32 rounding without dropout', async () => {
    const parallel = createTinyClassifier(4);
    const single = createTinyClassifier(4);
    const parallelLosses: number[] = [];
    const singleLosses: number[] = [];

    await trainModelParallel(parallel, {
      epochs: 1,
      stepsPerEpoch: 5,
      batches,
      workers: 3,
      workerSetup: cpuSetup,
      onStep: (p) => parallelLosses.push(p.loss),
    });
    await trainModel(single, { epochs: 1, stepsPerEpoch: 5, batches, onStep: (p) => singleLosses.push(p.loss) });

    // The first loss is computed before any update; the later ones after updates that differ
    // only by the rounding of the gradient sums.
    expect(parallelLosses[0]).toBeCloseTo(singleLosses[0], 6);
    parallelLosses.forEach((loss, i) => expect(loss, `step ${i}`).toBeCloseTo(singleLosses[i], 4));
    parallel.dispose();
    single.dispose();
  });

  test('leaks no tensors in the calling thread or the workers', async () => {
    const model = createTinyClassifier(7, 0.5);
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const countTensors = async (pool: ReplicaPool) => {
      const [inspection] = await pool.inspect();
      counts.push(inspection.numTensors);
    };

    await trainWithReplicas(
      model,
      { epochs: 2, stepsPerEpoch: 3, batches, workers: 2, workerSetup: cpuSetup },
      { started: countTensors, finished: countTensors },
    );

    expect(tf.memory().numTensors).toBe(before);
    // With KerasAdadelta the replicas share the optimizer state, so a worker holds only its model.
    expect(counts[1]).toBe(counts[0]);
    model.dispose();
  });

  test('replicated optimizer leaks no tensors', async () => {
    const model = createTinyClassifier(7, 0.5);
    const optimizer = tf.train.adadelta(1.0, 0.95, 1e-7);
    const counts: number[] = [];
    const countTensors = async (pool: ReplicaPool) => {
      const [inspection] = await pool.inspect();
      counts.push(inspection.numTensors);
    };

    await trainWithReplicas(
      model,
      { epochs: 2, stepsPerEpoch: 3, batches, optimizer, workers: 2, workerSetup: cpuSetup },
      { started: countTensors, finished: countTensors },
    );

    // tfjs's Adadelta in the worker creates two state variables per trainable weight in its first step.
    expect(counts[1] - counts[0]).toBe(2 * model.trainableWeights.length);
    expect(optimizer.iterations).toBe(6);
    model.dispose();
    optimizer.dispose();
  });

  test('more workers than rows gives empty shards', async () => {
    const model = createTinyClassifier(8);
    const twoRows = () => clusterBatches(0, 2, 2);

    const result = await trainModelParallel(model, {
      epochs: 1,
      stepsPerEpoch: 2,
      batches: twoRows,
      workers: 3,
      workerSetup: cpuSetup,
    });

    expect(result.stepsRun).toBe(2);
    expect(weightValues(model).every((values) => values.every(Number.isFinite))).toBe(true);
    model.dispose();
  });

  test('worker error rejects and terminates all workers', async () => {
    const model = sequential({
      layers: [layers.dense({ inputShape: [FEATURES], units: 3, activation: 'softmax' }), new FlakyIdentity({})],
    });
    let pool: ReplicaPool | undefined;

    const training = trainWithReplicas(
      model,
      { epochs: 1, stepsPerEpoch: 5, batches, workers: 3, workerSetup: new URL('./setup/failing-layer.ts', import.meta.url) },
      { started: (started) => void (pool = started) },
    );

    await expect(training).rejects.toThrow(
      /^trainModelParallel: worker thread 2 failed: FlakyIdentity failed on call 3 in worker thread 2$/,
    );
    expect(pool?.size).toBe(2);
    // Worker thread 1 was blocked waiting for worker 2's gradient when it was terminated.
    expect(pool?.allExited).toBe(true);
    model.dispose();
  });

  test('rejects a worker without the calling thread backend', async () => {
    const model = createTinyClassifier(9);

    await expect(trainModelParallel(model, { epochs: 1, stepsPerEpoch: 1, batches, workers: 2 })).rejects.toThrow(
      /^trainModelParallel: worker thread 1 failed: the worker thread's tfjs backend is \(none\) but the calling thread's is 'cpu'; pass options.workerSetup/,
    );
    await expect(
      trainModelParallel(model, {
        epochs: 1,
        stepsPerEpoch: 1,
        batches,
        workers: 2,
        workerSetup: new URL('./setup/missing.js', import.meta.url),
      }),
    ).rejects.toThrow(/worker thread 1 failed: .*missing\.js/);
    model.dispose();
  });

  test('rejects an optimizer class unknown to workers', async () => {
    class LocalSgd extends tf.SGDOptimizer {
      static override get className(): string {
        return 'LocalSgd';
      }
    }
    tf.serialization.registerClass(LocalSgd);
    const model = createTinyClassifier(11);

    await expect(
      trainModelParallel(model, {
        epochs: 1,
        stepsPerEpoch: 1,
        batches,
        optimizer: new LocalSgd(0.1),
        workers: 2,
        workerSetup: cpuSetup,
      }),
    ).rejects.toThrow(
      /worker thread 1 failed: optimizer class 'LocalSgd' is not registered in the worker thread; register it .* in options.workerSetup/,
    );
    model.dispose();
  });

  test('rejects invalid options', async () => {
    const model = createTinyClassifier(10);

    await expect(trainModelParallel(model, { epochs: 1, stepsPerEpoch: 1, batches, workers: 0 })).rejects.toThrow(
      /options.workers must be a positive integer, received 0/,
    );
    await expect(
      trainModelParallel(model, { epochs: 1, stepsPerEpoch: 1, batches, workers: 2, workerSetup: './setup.js' }),
    ).rejects.toThrow(/workerSetup '.\/setup.js' is a relative path/);
    await expect(trainModelParallel(model, { epochs: 1, stepsPerEpoch: 1, batches, seed: Number.NaN })).rejects.toThrow(
      /options.seed must be a finite number, received NaN/,
    );
    await expect(trainModelParallel(model, { epochs: 1, stepsPerEpoch: 1, batches, startStep: 1 })).rejects.toThrow(
      /trainModelParallel: options.startStep must be an integer in \[0, 0\], received 1/,
    );
    model.dispose();
  });
});
