// Benchmarks the wasm training kernels of @projector-kit/backend against the stock
// tfjs-backend-wasm kernels, per kernel at the reference CNN's shapes (batch 32) and as whole
// training steps of that CNN. Build the backend first (`npx nx build @projector-kit/backend`),
// then run from the repository root, alone on the machine:
//   flock /tmp/bench.lock node tools/bench-kernels.mjs [--steps 20] [--calls 20]
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels, selectBackend } from '@projector-kit/backend';

const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const stepCount = argument('steps', 20);
const callCount = argument('calls', 20);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// Kernel registrations: the stock ones are read before ours replace them.
await import('@tensorflow/tfjs-backend-wasm');
const kernelNames = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul', 'MaxPoolGrad'];
const stockConfigs = new Map(kernelNames.map((name) => [name, getKernel(name, 'wasm')]));
const info = await selectBackend({ backend: 'wasm' });
const ownConfigs = new Map(info.kernels.map((name) => [name, getKernel(name, 'wasm')]));

/** Puts `configs` (a kernel name -> config map, undefined = unregistered) into the registry. */
function useKernels(configs) {
  for (const name of kernelNames) {
    if (getKernel(name, 'wasm') !== undefined) {
      unregisterKernel(name, 'wasm');
    }
    const config = configs.get(name);
    if (config !== undefined) {
      registerKernel(config);
    }
  }
}
const stockKernels = stockConfigs;
const stockPlusFilterGrad = new Map([...stockConfigs, ['Conv2DBackpropFilter', ownConfigs.get('Conv2DBackpropFilter')]]);
const ownKernels = new Map([...stockConfigs, ...ownConfigs]);

const random = (shape) => tf.randomUniform(shape, -1, 1, 'float32', 7);

/** Kernel calls of one training step of the reference CNN at batch 32. */
const cases = [
  [
    'Conv2DBackpropFilter',
    'conv1 x=[32,28,28,1] f=[3,3,1,32]',
    { x: [32, 28, 28, 1], dy: [32, 26, 26, 32] },
    { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 1, 32] },
  ],
  [
    'Conv2DBackpropFilter',
    'conv2 x=[32,26,26,32] f=[3,3,32,64]',
    { x: [32, 26, 26, 32], dy: [32, 24, 24, 64] },
    { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 32, 64] },
  ],
  [
    'Conv2DBackpropFilter',
    'conv3 x=[32,8,8,64] f=[3,3,64,32]',
    { x: [32, 8, 8, 64], dy: [32, 6, 6, 32] },
    { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 64, 32] },
  ],
  [
    'Conv2DBackpropInput',
    'conv2 dy=[32,24,24,64] f=[3,3,32,64]',
    { dy: [32, 24, 24, 64], filter: [3, 3, 32, 64] },
    { strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: [32, 26, 26, 32] },
  ],
  [
    'Conv2DBackpropInput',
    'conv3 dy=[32,6,6,32] f=[3,3,64,32]',
    { dy: [32, 6, 6, 32], filter: [3, 3, 64, 32] },
    { strides: 1, pad: 'valid', dataFormat: 'NHWC', inputShape: [32, 8, 8, 64] },
  ],
  [
    'BatchMatMul',
    'dense1 dW a=[1,32,128]^T b=[1,32,4096]',
    { a: [1, 32, 128], b: [1, 32, 4096] },
    { transposeA: true, transposeB: false },
  ],
  [
    'BatchMatMul',
    'dense1 dx a=[1,32,4096] b=[1,128,4096]^T',
    { a: [1, 32, 4096], b: [1, 128, 4096] },
    { transposeA: false, transposeB: true },
  ],
  [
    'BatchMatMul',
    'dense2 dW a=[1,32,4096]^T b=[1,32,10]',
    { a: [1, 32, 4096], b: [1, 32, 10] },
    { transposeA: true, transposeB: false },
  ],
  [
    'BatchMatMul',
    'dense2 dx a=[1,32,10] b=[1,4096,10]^T',
    { a: [1, 32, 10], b: [1, 4096, 10] },
    { transposeA: false, transposeB: true },
  ],
  [
    'BatchMatMul',
    'dense1 y a=[1,32,128] b=[1,128,4096]',
    { a: [1, 32, 128], b: [1, 128, 4096] },
    { transposeA: false, transposeB: false },
  ],
  [
    'MaxPoolGrad',
    'pool1 x=[32,24,24,64] 3x3 s=3',
    { dy: [32, 8, 8, 64], input: [32, 24, 24, 64], output: [32, 8, 8, 64] },
    { filterSize: 3, strides: 3, pad: 'valid' },
  ],
  [
    'MaxPoolGrad',
    'pool2 x=[32,6,6,32] 3x3 s=3',
    { dy: [32, 2, 2, 32], input: [32, 6, 6, 32], output: [32, 2, 2, 32] },
    { filterSize: 3, strides: 3, pad: 'valid' },
  ],
];

/** Median milliseconds of one kernel call with the given registry, or NaN when it is not registered. */
function timeKernel(configs, kernelName, inputShapes, attrs) {
  useKernels(configs);
  if (getKernel(kernelName, 'wasm') === undefined) {
    return NaN;
  }
  const inputs = Object.fromEntries(Object.entries(inputShapes).map(([name, shape]) => [name, random(shape)]));
  const times = [];
  for (let call = 0; call < callCount + 3; call++) {
    const start = performance.now();
    const output = tf.engine().runKernel(kernelName, inputs, attrs);
    output.dataSync();
    times.push(performance.now() - start);
    output.dispose();
  }
  Object.values(inputs).forEach((tensor) => tensor.dispose());
  return median(times.slice(3));
}

console.log(`backend ${info.name}, simd ${info.simd}, threads ${info.threads}, our kernels: ${info.kernels.join(', ')}`);
console.log(`\nms per call (median of ${callCount} after 3 warm-up calls)`);
console.log(`${'kernel'.padEnd(22)} ${'case'.padEnd(42)} ${'stock'.padStart(8)} ${'ours'.padStart(8)}`);
for (const [kernelName, label, inputShapes, attrs] of cases) {
  const stock = timeKernel(stockKernels, kernelName, inputShapes, attrs);
  const ours = timeKernel(ownKernels, kernelName, inputShapes, attrs);
  console.log(`${kernelName.padEnd(22)} ${label.padEnd(42)} ${stock.toFixed(2).padStart(8)} ${ours.toFixed(2).padStart(8)}`);
}

/** Builds the reference CNN, compiled with categorical cross-entropy and Adadelta. */
function buildReferenceCnn() {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 3 }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 3 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 4096, activation: 'relu' }),
      tfl.layers.dropout({ rate: 0.5 }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adadelta(1.0), loss: 'categoricalCrossentropy' });
  return model;
}

/** Median milliseconds per 32-image training step, and the per-kernel profile of one step. */
async function timeTrainingStep(configs) {
  useKernels(configs);
  const model = buildReferenceCnn();
  const xs = tf.randomUniform([32, 28, 28, 1], 0, 1, 'float32', 1);
  const ys = tf.cast(tf.oneHot(tf.randomUniform([32], 0, 10, 'int32', 2), 10), 'float32');
  for (let step = 0; step < 3; step++) {
    await model.trainOnBatch(xs, ys);
  }
  const times = [];
  for (let step = 0; step < stepCount; step++) {
    const start = performance.now();
    await model.trainOnBatch(xs, ys);
    times.push(performance.now() - start);
  }
  const profile = await tf.profile(() => model.trainOnBatch(xs, ys));
  const byKernel = new Map();
  for (const kernel of profile.kernels) {
    byKernel.set(kernel.name, (byKernel.get(kernel.name) ?? 0) + kernel.kernelTimeMs);
  }
  tf.dispose([xs, ys]);
  model.dispose();
  return { median: median(times), byKernel };
}

console.log(`\ntraining step of the reference CNN, batch 32 (median of ${stepCount} after 3 warm-up steps)`);
for (const [label, configs] of [
  ['stock + Conv2DBackpropFilter', stockPlusFilterGrad],
  ['all our kernels', ownKernels],
]) {
  const { median: stepMs, byKernel } = await timeTrainingStep(configs);
  const top = [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 10);
  console.log(`${label}: ${stepMs.toFixed(1)} ms per step`);
  console.log(`  profile of one step: ${top.map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ')}`);
}
useKernels(ownKernels);
registerWasmTrainingKernels();
