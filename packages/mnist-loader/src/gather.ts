import type { MnistSplit } from './mnist.js';
import type { ImageBatch } from './preprocess.js';

/**
 * Copies the images at `indices` into a new batch, scaled to [0, 1] (pixel / 255).
 *
 * Used to take a sample for feature extraction, for example the images of
 * `sampleIndices(split.count, 10000, seed)`, without normalising the whole split.
 *
 * @param split - The split to read from.
 * @param indices - Image indices into the split, shape `[k]`, in any order and with repeats allowed.
 * @returns The images in the order of `indices`, shape `[k, height, width, 1]`.
 * @throws RangeError when an index is outside 0..count-1 or the split's arrays do not match its sizes.
 */
export function gatherImages(split: MnistSplit, indices: Int32Array): ImageBatch {
  checkSplit('gatherImages', split);
  checkIndices('gatherImages', split, indices);

  const { images, height, width } = split;
  const pixelsPerImage = height * width;
  const data = new Float32Array(indices.length * pixelsPerImage);
  for (let position = 0; position < indices.length; position++) {
    const source = indices[position]! * pixelsPerImage;
    const target = position * pixelsPerImage;
    for (let pixel = 0; pixel < pixelsPerImage; pixel++) {
      data[target + pixel] = images[source + pixel]! / 255;
    }
  }
  return { data, shape: [indices.length, height, width, 1] };
}

/**
 * Copies the labels at `indices`, in the order of `indices`.
 *
 * @param split - The split to read from.
 * @param indices - Image indices into the split, shape `[k]`.
 * @returns The labels 0-9, shape `[k]`.
 * @throws RangeError when an index is outside 0..count-1 or the split's arrays do not match its sizes.
 */
export function gatherLabels(split: MnistSplit, indices: Int32Array): Uint8Array {
  checkSplit('gatherLabels', split);
  checkIndices('gatherLabels', split, indices);

  const labels = new Uint8Array(indices.length);
  for (let position = 0; position < indices.length; position++) {
    labels[position] = split.labels[indices[position]!]!;
  }
  return labels;
}

/**
 * Checks that the split's arrays have the lengths its `count`, `height` and `width` imply.
 *
 * @throws RangeError naming the operation and both lengths when they do not.
 */
export function checkSplit(operation: string, split: MnistSplit): void {
  const { images, labels, count, height, width } = split;
  for (const [name, value] of [
    ['count', count],
    ['height', height],
    ['width', width],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${operation}: split.${name} must be a non-negative integer, received ${value}.`);
    }
  }

  const pixelCount = count * height * width;
  if (images.length !== pixelCount) {
    throw new RangeError(
      `${operation}: split.images has ${images.length} pixels, but count x height x width is ` +
        `${count} x ${height} x ${width} = ${pixelCount}. Pass a split returned by loadMnist or fix its sizes.`,
    );
  }
  if (labels.length !== count) {
    throw new RangeError(
      `${operation}: split.labels has ${labels.length} labels, but split.count is ${count}. ` +
        'Pass a split returned by loadMnist or fix its sizes.',
    );
  }
}

function checkIndices(operation: string, split: MnistSplit, indices: Int32Array): void {
  for (let position = 0; position < indices.length; position++) {
    const index = indices[position]!;
    if (index < 0 || index >= split.count) {
      throw new RangeError(
        `${operation}: indices[${position}] is ${index}, outside 0 to ${split.count - 1} ` +
          `(split.count is ${split.count}). Draw the indices from the same split.`,
      );
    }
  }
}
