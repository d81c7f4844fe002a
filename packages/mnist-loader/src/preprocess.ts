/** Float32 images scaled to [0, 1], in the NHWC layout of a one-channel image batch. */
export interface ImageBatch {
  data: Float32Array;
  shape: [count: number, height: number, width: number, channels: 1];
}

/** One-hot float32 labels. */
export interface OneHotLabels {
  data: Float32Array;
  shape: [count: number, numClasses: number];
}

/**
 * Scales raw pixels 0-255 to float32 values in [0, 1] (pixel / 255) and adds a channel axis.
 *
 * @param images - Pixels 0-255, row-major, shape `[count, height, width]`.
 * @param count - Number of images.
 * @param height - Image height in pixels.
 * @param width - Image width in pixels.
 * @returns The scaled pixels, shape `[count, height, width, 1]`.
 * @throws RangeError when a size is not a non-negative integer or `images.length` is not
 *   `count * height * width`.
 */
export function normalizeImages(images: Uint8Array, count: number, height: number, width: number): ImageBatch {
  for (const [name, value] of [
    ['count', count],
    ['height', height],
    ['width', width],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`normalizeImages: ${name} must be a non-negative integer, received ${value}.`);
    }
  }
  const pixelCount = count * height * width;
  if (images.length !== pixelCount) {
    throw new RangeError(
      `normalizeImages: images has ${images.length} pixels, but count x height x width is ` +
        `${count} x ${height} x ${width} = ${pixelCount}. Pass the sizes of the split the images came from.`,
    );
  }

  const data = new Float32Array(pixelCount);
  for (let i = 0; i < pixelCount; i++) data[i] = images[i]! / 255;
  return { data, shape: [count, height, width, 1] };
}

/**
 * Encodes integer labels as one-hot rows: row i has a 1 in column `labels[i]` and 0 elsewhere.
 *
 * @param labels - Class indices, shape `[count]`.
 * @param numClasses - Number of columns. @default 10
 * @returns The one-hot rows, shape `[count, numClasses]`.
 * @throws RangeError when `numClasses` is not a positive integer or a label is not below it.
 */
export function oneHot(labels: Uint8Array, numClasses = 10): OneHotLabels {
  if (!Number.isSafeInteger(numClasses) || numClasses < 1) {
    throw new RangeError(`oneHot: numClasses must be a positive integer, received ${numClasses}.`);
  }

  const data = new Float32Array(labels.length * numClasses);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label >= numClasses) {
      throw new RangeError(
        `oneHot: the label at index ${i} is ${label}, but labels must be below numClasses (${numClasses}). ` +
          `Pass numClasses of at least ${label + 1} or fix the labels.`,
      );
    }
    data[i * numClasses + label] = 1;
  }
  return { data, shape: [labels.length, numClasses] };
}
