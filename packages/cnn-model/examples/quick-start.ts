import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { selectBackend } from '@projector-kit/backend';
import { createReferenceCnn, evaluateModel, KerasAdadelta, loadModel, loadOptimizer, saveModel, trainModel } from '@projector-kit/cnn-model';
import { batchIterator, loadMnist, normalizeImages } from '@projector-kit/mnist-loader';

// The caller picks the backend: wasm trains this CNN at about 150 ms per step of 32 images on
// 2 cores, the pure-JS cpu backend at about 60 s.
await selectBackend({ backend: 'wasm' });

const train = await loadMnist();
const test = await loadMnist({ split: 'test', limit: 1000 });
const model = createReferenceCnn({ seed: 1 });
const optimizer = new KerasAdadelta(); // learning rate 1.0, rho 0.95, epsilon 1e-7

const result = await trainModel(model, {
  epochs: 1,
  stepsPerEpoch: 50, // 1875 for a full epoch of 60,000 images
  batches: (epoch) => batchIterator(train, { batchSize: 32, seed: 42, epoch }),
  optimizer,
  onStep: (p) => {
    if ((p.step + 1) % 25 === 0) {
      console.log(`step ${p.step + 1}/${p.stepsPerEpoch}: loss ${p.meanLoss.toFixed(3)}, ${p.msPerStep.toFixed(0)} ms/step`);
    }
  },
});

const images = normalizeImages(test.images, test.count, test.height, test.width);
const evaluation = await evaluateModel(model, images, test.labels);
console.log(`test accuracy ${(evaluation.accuracy * 100).toFixed(1)} % after ${result.stepsRun} steps`);

// Save with the optimizer state and the position, then load both to resume later.
const dir = join(tmpdir(), 'projector-kit-reference-cnn');
await saveModel(model, dir, { optimizer, extra: { epoch: result.epoch, step: result.step } });
const loaded = await loadModel(dir);
const restored = await loadOptimizer(dir, loaded);
console.log(loaded.getUserDefinedMetadata(), restored.iterations); // { epoch: 1, step: 0 } 50
