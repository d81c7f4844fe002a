// Measures training speed of the reference MNIST CNN (32-image steps of createReferenceCnn with
// KerasAdadelta, on real MNIST batches) in four set-ups, each in its own process:
//   (a) the stock pure-JS 'cpu' backend, 3 steps only (about a minute each);
//   (b) the stock 'wasm' backend plus only @projector-kit/backend's Conv2DBackpropFilter;
//   (c) 'wasm' with all of @projector-kit/backend's kernels, one thread (trainModel);
//   (d) the same kernels, data-parallel over 2 replicas (trainModelParallel, workers: 2).
// It also measures feature extraction through the Dense(4096) layer for 10,000 images, counts
// the FLOPs of a training step, profiles the kernels of one step, and trains one full epoch with
// the parallel path. It prints the results and writes them into the "Training speed" section of
// the repository's BENCHMARKS.md, replacing the previous one.
//
// Run `npm run bench` (builds the packages, then runs this script under `flock /tmp/bench.lock`),
// or after `npx nx run-many -t build`:
//   flock /tmp/bench.lock node tools/bench-training.mjs [--steps 60] [--skip-cpu] [--skip-epoch] [--no-write]
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    config: { type: 'string' },
    steps: { type: 'string', default: '60' },
    'skip-cpu': { type: 'boolean', default: false },
    'skip-epoch': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const scriptPath = fileURLToPath(import.meta.url);
const benchmarksPath = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const BATCH_SIZE = 32;
// The parallel path needs about 10 steps before its step time settles.
const WARM_UP_STEPS = 10;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// ---------------------------------------------------------------------------------------------
// Child processes: one set-up each, printing one `RESULT <json>` line on stdout.

/** Makes the backend of a set-up current: 'cpu', 'filter-only' (stock wasm + one kernel) or 'wasm'. */
async function useBackend(name) {
  const { registerWasmTrainingKernels, selectBackend } = await import('@projector-kit/backend');
  if (name !== 'filter-only') {
    return selectBackend({ backend: name });
  }
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-wasm');
  const kernels = registerWasmTrainingKernels({ only: ['Conv2DBackpropFilter'] });
  await tf.setBackend('wasm');
  return { name: 'wasm', kernels };
}

/** Trains `warmUp + steps` steps and returns the wall time of each timed step in milliseconds. */
async function timeTrainingSteps({ backend, workers, steps, warmUp }) {
  const { createReferenceCnn, trainModel, trainModelParallel } = await import('@projector-kit/cnn-model');
  const { batchIterator, loadMnist } = await import('@projector-kit/mnist-loader');
  const info = await useBackend(backend);
  const train = await loadMnist();
  const model = createReferenceCnn({ seed: 42 });

  // A step's wall time runs from the previous step's progress report to its own, so it includes
  // making the batch and the loop's yield to the event loop. The first step starts at its batch.
  let previous;
  const durations = [];
  async function* timedBatches() {
    for (const batch of batchIterator(train, { batchSize: BATCH_SIZE, seed: 1 })) {
      previous ??= performance.now();
      yield batch;
    }
  }
  const options = {
    epochs: 1,
    stepsPerEpoch: warmUp + steps,
    batches: timedBatches,
    onStep: () => {
      const now = performance.now();
      durations.push(now - previous);
      previous = now;
    },
  };

  if (workers > 1) {
    const workerSetup = new URL('./bench-worker-setup.mjs', import.meta.url);
    await trainModelParallel(model, { ...options, workers, workerSetup });
  } else {
    await trainModel(model, options);
  }
  return { kernels: info.kernels, durations: durations.slice(warmUp) };
}

/**
 * Sums `tf.profile` kernel times by kernel name, averaged over 5 steps on `rows` images: a whole
 * `minimize` step with `update`, else only the gradients, as a replica of the parallel path
 * computes them with tfjs.
 */
async function profileStep(rows, update) {
  const tf = await import('@tensorflow/tfjs-core');
  const { categoricalCrossentropy, createReferenceCnn, KerasAdadelta } = await import('@projector-kit/cnn-model');
  const { batchIterator, loadMnist } = await import('@projector-kit/mnist-loader');
  const train = await loadMnist({ limit: 1000 });
  const [batch] = batchIterator(train, { batchSize: rows, seed: 2 });
  const model = createReferenceCnn({ seed: 42 });
  const optimizer = new KerasAdadelta();
  const xs = tf.tensor(batch.xs.data, batch.xs.shape);
  const ys = tf.tensor(batch.ys.data, batch.ys.shape);
  const loss = () => categoricalCrossentropy(ys, model.apply(xs, { training: true }));
  const step = update
    ? () => tf.dispose(optimizer.minimize(loss, true))
    : () => {
        const { value, grads } = tf.variableGrads(loss);
        tf.dispose([value, ...Object.values(grads)]);
      };

  for (let i = 0; i < 3; i++) step();
  const byKernel = {};
  for (let i = 0; i < 5; i++) {
    const profile = await tf.profile(step);
    for (const kernel of profile.kernels) {
      // Entries named '<op>__op' wrap the kernels that they run, whose time is listed as well.
      if (!kernel.name.endsWith('__op')) {
        byKernel[kernel.name] = (byKernel[kernel.name] ?? 0) + kernel.kernelTimeMs / 5;
      }
    }
  }
  tf.dispose([xs, ys]);
  return byKernel;
}

/** Returns the forward FLOPs per image of every Conv2D and Dense layer (2 per multiply-add). */
async function countFlops() {
  const { createReferenceCnn } = await import('@projector-kit/cnn-model');
  const model = createReferenceCnn({ seed: 42 });
  const layers = [];
  for (const layer of model.layers) {
    const kernel = layer.getWeights()[0];
    if (kernel === undefined) continue;
    const outputs = layer.outputShape.slice(1).reduce((product, size) => product * size, 1);
    const kernelPerOutput = kernel.shape.slice(0, -1).reduce((product, size) => product * size, 1);
    layers.push({ name: layer.name, type: layer.getClassName(), flops: 2 * outputs * kernelPerOutput });
  }
  return layers;
}

async function featureExtraction() {
  const { createReferenceCnn } = await import('@projector-kit/cnn-model');
  const { extractFeatures } = await import('@projector-kit/feature-extractor');
  const { gatherImages, loadMnist, sampleIndices } = await import('@projector-kit/mnist-loader');
  await useBackend('wasm');
  const train = await loadMnist();
  const model = createReferenceCnn({ seed: 42 });
  const images = gatherImages(train, sampleIndices(train.count, 10000, 7));

  await extractFeatures(model, { data: images.data.subarray(0, 256 * 784), shape: [256, 28, 28, 1] });
  const started = performance.now();
  const { features } = await extractFeatures(model, images, { batchSize: 256 });
  const seconds = (performance.now() - started) / 1000;
  return { images: images.shape[0], width: features.shape[1], seconds, imagesPerSecond: images.shape[0] / seconds };
}

async function oneEpoch() {
  const { createReferenceCnn, evaluateModel, trainModelParallel } = await import('@projector-kit/cnn-model');
  const { batchIterator, loadMnist, normalizeImages, stepsPerEpoch } = await import('@projector-kit/mnist-loader');
  await useBackend('wasm');
  const train = await loadMnist();
  const test = await loadMnist({ split: 'test' });
  const model = createReferenceCnn({ seed: 42 });
  const steps = stepsPerEpoch(train.count, BATCH_SIZE);

  const started = performance.now();
  const durations = [];
  let previous;
  const result = await trainModelParallel(model, {
    epochs: 1,
    stepsPerEpoch: steps,
    batches: (epoch) => batchIterator(train, { batchSize: BATCH_SIZE, seed: 1, epoch }),
    workers: 2,
    workerSetup: new URL('./bench-worker-setup.mjs', import.meta.url),
    onStep: (p) => {
      const now = performance.now();
      if (previous !== undefined) durations.push(now - previous);
      previous = now;
      if ((p.step + 1) % 250 === 0) console.error(`epoch: step ${p.step + 1}/${steps}, ${p.msPerStep.toFixed(0)} ms/step`);
    },
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const images = normalizeImages(test.images, test.count, test.height, test.width);
  const evaluation = await evaluateModel(model, images, test.labels);
  const [summary] = result.history;
  return {
    steps,
    stepSeconds: summary.seconds,
    medianMs: median(durations),
    wallSeconds,
    trainAccuracy: summary.accuracy,
    testAccuracy: evaluation.accuracy,
    testLoss: evaluation.loss,
    testImages: test.count,
  };
}

async function runConfig(name, steps) {
  switch (name) {
    case 'cpu':
      return timeTrainingSteps({ backend: 'cpu', workers: 1, steps: 3, warmUp: 0 });
    case 'filter-only':
      return timeTrainingSteps({ backend: 'filter-only', workers: 1, steps, warmUp: WARM_UP_STEPS });
    case 'wasm': {
      const timing = await timeTrainingSteps({ backend: 'wasm', workers: 1, steps, warmUp: WARM_UP_STEPS });
      return {
        ...timing,
        profile32: await profileStep(32, true),
        profile16: await profileStep(16, false),
        flops: await countFlops(),
      };
    }
    case 'parallel':
      return timeTrainingSteps({ backend: 'wasm', workers: 2, steps, warmUp: WARM_UP_STEPS });
    case 'features':
      return featureExtraction();
    case 'epoch':
      return oneEpoch();
    default:
      throw new Error(`bench-training: unknown --config ${name}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The parent process: runs the set-ups, prints and records the table.

function runChild(name) {
  console.log(`running ${name}...`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [scriptPath, '--config', name, '--steps', args.steps], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = output.split('\n').find((text) => text.startsWith('RESULT '));
      if (code !== 0 || line === undefined) {
        reject(new Error(`bench-training: set-up ${name} exited with code ${code}:\n${output}`));
      } else {
        resolve(JSON.parse(line.slice('RESULT '.length)));
      }
    });
  });
}

function machineDescription() {
  const tfjsVersion = JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('@tensorflow/tfjs-core/package.json'), 'utf8'),
  ).version;
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores (availableParallelism ${os.availableParallelism()}), ${os.platform()} ${os.arch()}, Node ${process.version}, tfjs ${tfjsVersion}`;
}

function formatReport(results, { started, loadBefore, command }) {
  const fmt = (value, digits = 0) =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const flopsPerImage = results.wasm.flops.reduce((total, layer) => total + layer.flops, 0);
  const stepFlops = 3 * flopsPerImage * BATCH_SIZE;
  const rows = [
    ['(a)', 'cpu (pure JS, stock kernels)', 1, results.cpu],
    ['(b)', 'wasm, stock kernels + our Conv2DBackpropFilter', 1, results['filter-only']],
    ['(c)', 'wasm, all our kernels (`trainModel`)', 1, results.wasm],
    ['(d)', 'wasm, all our kernels (`trainModelParallel`, 2 replicas)', 2, results.parallel],
  ].filter(([, , , result]) => result !== undefined);
  const msOf = (result) => median(result.durations);
  const lines = [];

  lines.push('## Training speed', '');
  lines.push(`Measured on ${started.toISOString().slice(0, 10)} on ${machineDescription()}, with`, '');
  lines.push('```sh', command, '```', '');
  lines.push(
    `The 1-minute load average was ${loadBefore.toFixed(2)} before the run; the table gives it after each set-up. It counts this run's own threads, and well above 2 it means that other jobs shared the cores. ` +
      `Each set-up ran in its own process on real MNIST batches of ${BATCH_SIZE} images of the reference CNN (\`createReferenceCnn({ seed: 42 })\`, \`KerasAdadelta\`). ` +
      `A step's time is the wall time between two progress reports, so it includes making the batch. (a) gives the median of 3 steps, the others the median of ${results.wasm.durations.length} steps after ${WARM_UP_STEPS} warm-up steps.`,
    '',
  );
  lines.push(
    '| set-up | backend and kernels | threads | ms per step (median) | images/s | speed-up vs (b) | speed-up vs (a) | GFLOP/s | load average after |',
  );
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [label, description, threads, result] of rows) {
    const ms = msOf(result);
    const versus = (other) => {
      if (other === undefined) return '—';
      const ratio = msOf(other) / ms;
      return `${fmt(ratio, ratio < 0.1 ? 4 : ratio < 10 ? 2 : 0)}x`;
    };
    lines.push(
      `| ${label} | ${description} | ${threads} | ${fmt(ms, ms < 100 ? 1 : 0)} | ${fmt((BATCH_SIZE * 1000) / ms, ms > 1000 ? 2 : 0)} | ${versus(results['filter-only'])} | ${versus(results.cpu)} | ${fmt(stepFlops / ms / 1e6, 1)} | ${fmt(result.loadAfter, 2)} |`,
    );
  }
  lines.push('');

  lines.push(
    `FLOPs counted as 2 per multiply-add of the Conv2D and Dense layers in the forward pass, and a training step as 3 forward passes (the backward pass costs about twice the forward one); bias, activation, pooling and optimizer work are not counted:`,
    '',
  );
  lines.push('| layer | type | forward MFLOP per image |', '| --- | --- | ---: |');
  for (const layer of results.wasm.flops) {
    lines.push(`| \`${layer.name}\` | ${layer.type} | ${fmt(layer.flops / 1e6, 2)} |`);
  }
  lines.push(`| all | | ${fmt(flopsPerImage / 1e6, 2)} |`, '');
  lines.push(
    `A ${BATCH_SIZE}-image training step: 3 x ${fmt(flopsPerImage / 1e6, 2)} MFLOP x ${BATCH_SIZE} = ${fmt(stepFlops / 1e9, 2)} GFLOP.`,
    '',
  );

  const { features } = results;
  lines.push(
    `Feature extraction (\`extractFeatures\`, batches of 256, wasm with our kernels, one thread): the Dense(4096) layer's ${fmt(features.width)} activations of ${fmt(features.images)} images in ${fmt(features.seconds, 1)} s, ${fmt(features.imagesPerSecond)} images/s.`,
    '',
  );

  const kernels = [...new Set([...Object.keys(results.wasm.profile32), ...Object.keys(results.wasm.profile16)])].sort(
    (x, y) => (results.wasm.profile32[y] ?? 0) - (results.wasm.profile32[x] ?? 0),
  );
  const total = (profile) => Object.values(profile).reduce((sum, ms) => sum + ms, 0);
  lines.push(
    "Kernel time per step on one thread, from `tf.profile`, mean of 5 steps: an `optimizer.minimize` step (forward, backward and the Adadelta update in tfjs ops) on 32 images as in (c), and the gradients alone (forward and backward) on the 16 images of one replica's shard, which is what a replica runs in tfjs in (d): its share of the Adadelta update runs in JavaScript on shared memory. Kernels under 0.5 ms are summed in the last row.",
    '',
  );
  lines.push('| kernel | ms, 32-image step | ms, 16-image gradients |', '| --- | ---: | ---: |');
  let rest32 = 0;
  let rest16 = 0;
  for (const name of kernels) {
    const [ms32, ms16] = [results.wasm.profile32[name] ?? 0, results.wasm.profile16[name] ?? 0];
    if (ms32 < 0.5 && ms16 < 0.5) {
      rest32 += ms32;
      rest16 += ms16;
      continue;
    }
    lines.push(`| ${name} | ${fmt(ms32, 1)} | ${fmt(ms16, 1)} |`);
  }
  lines.push(`| other kernels | ${fmt(rest32, 1)} | ${fmt(rest16, 1)} |`);
  lines.push(`| **total** | ${fmt(total(results.wasm.profile32), 1)} | ${fmt(total(results.wasm.profile16), 1)} |`, '');

  if (results.epoch !== undefined) {
    const { epoch } = results;
    lines.push(
      `One epoch with \`trainModelParallel\` (2 replicas): all ${fmt(epoch.steps * BATCH_SIZE)} training images in ${fmt(epoch.steps)} steps took ${fmt(epoch.stepSeconds, 1)} s of steps ` +
        `(${fmt((epoch.stepSeconds * 1000) / epoch.steps, 1)} ms per step on average, median ${fmt(epoch.medianMs, 1)} ms), ${fmt(epoch.wallSeconds, 1)} s including the start of the worker thread. ` +
        `Test accuracy ${fmt(epoch.testAccuracy * 100, 2)} % (loss ${fmt(epoch.testLoss, 4)}) on the ${fmt(epoch.testImages)} test images; mean training-batch accuracy over the epoch ${fmt(epoch.trainAccuracy * 100, 2)} % (dropout active). Load average after the epoch: ${fmt(epoch.loadAfter, 2)}.`,
      '',
    );
  }
  return lines.join('\n');
}

/** Replaces the "## Training speed" section of BENCHMARKS.md (up to the next "## " heading), or appends it. */
function writeSection(section) {
  const text = readFileSync(benchmarksPath, 'utf8');
  const start = text.indexOf('\n## Training speed\n');
  if (start === -1) {
    writeFileSync(benchmarksPath, `${text.trimEnd()}\n\n${section.trimEnd()}\n`);
    return;
  }
  const next = text.indexOf('\n## ', start + 1);
  const after = next === -1 ? '' : `\n${text.slice(next + 1)}`;
  writeFileSync(benchmarksPath, `${text.slice(0, start + 1)}${section.trimEnd()}\n${after}`);
}

if (args.config !== undefined) {
  const result = await runConfig(args.config, Number(args.steps));
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(0);
}

const started = new Date();
const loadBefore = os.loadavg()[0];
// The epoch, the longest set-up, runs first, while the machine is as quiet as when the run began.
const plan = [
  ...(args['skip-epoch'] ? [] : ['epoch']),
  'filter-only',
  'wasm',
  'parallel',
  'features',
  ...(args['skip-cpu'] ? [] : ['cpu']),
];
const results = {};
for (const name of plan) {
  results[name] = { ...(await runChild(name)), loadAfter: os.loadavg()[0] };
  if (results[name].durations !== undefined) {
    console.log(
      `  ${name}: median ${median(results[name].durations).toFixed(1)} ms per step over ${results[name].durations.length} steps`,
    );
  }
}

const options = process.argv.slice(2).join(' ');
const command =
  process.env.npm_lifecycle_event === 'bench'
    ? `npm run bench -w tools   # runs in tools/: ${process.env.npm_lifecycle_script}`
    : `node tools/bench-training.mjs${options === '' ? '' : ` ${options}`}`;
const report = formatReport(results, { started, loadBefore, command });
console.log(`\n${report}`);
if (!args['no-write']) {
  writeSection(report);
  console.log(`Wrote the "Training speed" section of ${benchmarksPath}.`);
}
