// Benchmark of @projector-kit/pca: time and memory of fitPca on 10,000 x 4,096 float32
// matrices reduced to 128 components, the GEMM kernel's GFLOP/s, and ml-pca at 2,000 x 1,024.
//
// Usage (after `npx nx build @projector-kit/pca`):
//   flock /tmp/bench.lock node tools/bench-pca.mjs [--runs 5] [--skip-ml-pca]
// Prints a plain table, then the same figures as a markdown table.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Matrix } from 'ml-matrix';
import { PCA } from 'ml-pca';
import { fitPca, inverseTransform } from '@projector-kit/pca';
// eslint-disable-next-line @nx/enforce-module-boundaries -- times the GEMM kernel, which the package does not export
import { ComputeContext, matrixBytes } from '../packages/pca/dist/kernel/compute-context.js';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, 'skip-ml-pca': { type: 'boolean', default: false } },
});
const runs = Number(args.runs);
const rows = 10_000;
const cols = 4_096;
const components = 128;

/** Returns seeded standard normal float32 values (mulberry32 + Box-Muller). */
function gaussian(length, seed) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const values = new Float32Array(length);
  for (let i = 0; i < length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(uniform()));
    const angle = 2 * Math.PI * uniform();
    values[i] = radius * Math.cos(angle);
    if (i + 1 < length) values[i + 1] = radius * Math.sin(angle);
  }
  return values;
}

/**
 * Builds rows x cols = scores (rows x 256, singular values 10 * exp(-i / 30)) times random unit-scale
 * directions, plus noise of standard deviation 0.01. inverseTransform of a stand-in model
 * forms the product on the wasm kernel.
 */
function decayingSpectrum(rowCount, colCount, seed) {
  const rank = 256;
  const scores = gaussian(rowCount * rank, seed);
  for (let r = 0; r < rowCount; r++) {
    for (let i = 0; i < rank; i++) scores[r * rank + i] *= 10 * Math.exp(-i / 30);
  }
  const axes = gaussian(rank * colCount, seed + 1).map((value) => value / Math.sqrt(colCount));
  const standIn = { mean: new Float32Array(colCount), components: { data: axes, shape: [rank, colCount] } };
  const matrix = inverseTransform(standIn, { data: scores, shape: [rowCount, rank] });
  const noise = gaussian(rowCount * colCount, seed + 2);
  for (let i = 0; i < matrix.data.length; i++) matrix.data[i] += 0.01 * noise[i];
  return matrix;
}

/** Makes ReLU-like activations: max(0, x - 0.3 * std) of a decaying-spectrum matrix. */
function reluLike(rowCount, colCount, seed) {
  const matrix = decayingSpectrum(rowCount, colCount, seed);
  let sumOfSquares = 0;
  for (const value of matrix.data) sumOfSquares += value * value;
  const threshold = 0.3 * Math.sqrt(sumOfSquares / matrix.data.length);
  let zeros = 0;
  for (let i = 0; i < matrix.data.length; i++) {
    matrix.data[i] = Math.max(0, matrix.data[i] - threshold);
    if (matrix.data[i] === 0) zeros++;
  }
  return { ...matrix, zeroPercent: (100 * zeros) / matrix.data.length };
}

/** Runs `fn` and returns [milliseconds, result, peak RSS increase in MiB over `baseline`]. */
async function timed(fn, baseline) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const start = performance.now();
  const result = await fn();
  const milliseconds = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return [milliseconds, result, (peak - baseline) / 2 ** 20];
}

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) };
}

const seconds = (milliseconds) => (milliseconds / 1000).toFixed(2);
const table = [];

async function benchFit(label, matrix, options) {
  const baseline = process.memoryUsage().rss;
  const [cold, model, coldPeak] = await timed(() => fitPca(matrix, options), baseline);
  const times = [];
  let peakMiB = coldPeak;
  for (let run = 0; run < runs; run++) {
    const [milliseconds, , peak] = await timed(() => fitPca(matrix, options), baseline);
    times.push(milliseconds);
    peakMiB = Math.max(peakMiB, peak);
  }
  const { median, min, max } = summary(times);
  const [r, c] = matrix.shape;
  table.push({
    case: `${label} ${r} x ${c} -> ${options.components} (${model.method})`,
    median: `${seconds(median)} s`,
    range: `${seconds(min)}-${seconds(max)} s`,
    note:
      `first fit ${seconds(cold)} s; peak RSS +${peakMiB.toFixed(0)} MiB over the case start ` +
      `(input ${((r * c * 4) / 2 ** 20).toFixed(0)} MiB); ratio sum ${model.explainedVarianceRatio.reduce((a, b) => a + b, 0).toFixed(3)}`,
  });
  return median;
}

async function benchKernel(threads) {
  const width = 138;
  const context = await ComputeContext.create({
    capacityBytes: matrixBytes(rows, cols) + matrixBytes(cols, width) + matrixBytes(rows, width),
    threads,
    operation: 'bench',
  });
  try {
    const x = context.allocate(rows, cols);
    const q = context.allocate(cols, width);
    const y = context.allocate(rows, width);
    context.view(x, rows * cols).set(gaussian(rows * cols, 7));
    context.view(q, cols * width).set(gaussian(cols * width, 8));
    const products = {
      'X Q': {
        m: rows,
        n: width,
        k: cols,
        a: x,
        aRow: cols,
        aK: 1,
        b: q,
        bK: width,
        bCol: 1,
        c: y,
        ldc: width,
        accumulate: false,
      },
      'X^T Y': {
        m: cols,
        n: width,
        k: rows,
        a: x,
        aRow: 1,
        aK: cols,
        b: y,
        bK: width,
        bCol: 1,
        c: q,
        ldc: width,
        accumulate: false,
      },
    };
    const flops = 2 * rows * cols * width;
    for (const [name, call] of Object.entries(products)) {
      await context.gemm(call);
      const times = [];
      for (let run = 0; run < runs; run++) times.push((await timed(() => context.gemm(call), 0))[0]);
      const { median, min, max } = summary(times);
      table.push({
        case: `kernel ${name}, ${rows} x ${cols} x ${width}, ${threads} thread${threads > 1 ? 's' : ''}`,
        median: `${(flops / median / 1e6).toFixed(1)} GFLOP/s`,
        range: `${(flops / max / 1e6).toFixed(1)}-${(flops / min / 1e6).toFixed(1)} GFLOP/s`,
        note: `${median.toFixed(0)} ms per product`,
      });
    }
  } finally {
    context.dispose();
  }
}

const load = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ');
const synthetic = decayingSpectrum(rows, cols, 1);
await benchFit('decaying spectrum', synthetic, { components, method: 'randomized' });
const relu = reluLike(rows, cols, 11);
await benchFit(`ReLU-like (${relu.zeroPercent.toFixed(0)} % zeros)`, relu, { components, method: 'randomized' });
await benchKernel(2);
await benchKernel(1);

const small = decayingSpectrum(2_000, 1_024, 21);
const oursMedian = await benchFit('decaying spectrum', small, { components });
if (!args['skip-ml-pca']) {
  const start = performance.now();
  new PCA(Matrix.from1DArray(2_000, 1_024, small.data), { method: 'SVD', center: true, scale: false });
  const mlPca = performance.now() - start;
  table.push({
    case: 'ml-pca 4.1.1 SVD 2000 x 1024 (all components)',
    median: `${seconds(mlPca)} s`,
    range: 'one run',
    note: `${(mlPca / oursMedian).toFixed(0)} x the median of fitPca above`,
  });
}

const headers = ['case', 'median', 'range', 'note'];
const widths = headers.map((header) => Math.max(header.length, ...table.map((row) => row[header].length)));
console.log(`load average before the run: ${load}; ${runs} timed runs per case after one first fit`);
console.log('The wasm memory persists between fits, so RSS grows by its size in the first case only.');
console.log(headers.map((header, index) => header.padEnd(widths[index])).join('  '));
for (const row of table) console.log(headers.map((header, index) => row[header].padEnd(widths[index])).join('  '));
console.log('');
console.log(`| ${headers.join(' | ')} |`);
console.log(`| ${headers.map(() => '---').join(' | ')} |`);
for (const row of table) console.log(`| ${headers.map((header) => row[header]).join(' | ')} |`);
