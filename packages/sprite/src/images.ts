/** Pixel values of a batch of images: bytes (0-255) or floats (0-1). */
export type PixelArray = Uint8Array | Uint8ClampedArray | Float32Array;

/**
 * A batch of images, channels last: `shape` is `[n, height, width]` for grey images or
 * `[n, height, width, channels]` with 1 (grey), 3 (RGB) or 4 (RGBA) channels.
 * `data` contains the `n * height * width * channels` values row-major.
 */
export interface ImageBatch {
  data: PixelArray;
  shape: readonly number[];
}

/** Sizes read from a validated {@link ImageBatch} shape. */
export interface ImageBatchInfo {
  count: number;
  height: number;
  width: number;
  channels: 1 | 3 | 4;
  /** Whether `data` contains floats in [0, 1] rather than bytes. */
  isFloat: boolean;
}

/**
 * Checks the shape and data length of an image batch and returns its sizes.
 *
 * @throws TypeError when `data` is not a Uint8Array, Uint8ClampedArray or Float32Array, or
 *   when `shape` is not an array.
 * @throws RangeError when the shape has the wrong rank, a size that is not a positive integer,
 *   an unsupported channel count, or a product different from `data.length`.
 */
export function describeImageBatch(operation: string, images: ImageBatch): ImageBatchInfo {
  if (images === null || typeof images !== 'object') {
    throw new TypeError(
      `${operation}: images must be an object { data, shape }, received ${images === null ? 'null' : typeof images}.`,
    );
  }
  const { data, shape } = images;

  const isFloat = data instanceof Float32Array;
  if (!isFloat && !(data instanceof Uint8Array) && !(data instanceof Uint8ClampedArray)) {
    const value: unknown = data;
    const received = value === null || typeof value !== 'object' ? String(value) : value.constructor.name;
    throw new TypeError(
      `${operation}: images.data must be a Uint8Array, Uint8ClampedArray or Float32Array, received ${received}.`,
    );
  }
  if (!Array.isArray(shape)) {
    throw new TypeError(
      `${operation}: images.shape must be an array [n, height, width] or [n, height, width, channels], ` +
        `received ${typeof shape}.`,
    );
  }

  const shapeText = `[${shape.join(', ')}]`;
  if (shape.length !== 3 && shape.length !== 4) {
    throw new RangeError(
      `${operation}: images.shape must be [n, height, width] or [n, height, width, channels], ` +
        `received ${shapeText} (rank ${shape.length}).`,
    );
  }
  for (const size of shape) {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
      throw new RangeError(`${operation}: every size in images.shape must be a positive integer, received ${shapeText}.`);
    }
  }

  const [count, height, width, channels = 1] = shape as number[];
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new RangeError(`${operation}: images.shape ${shapeText} has ${channels} channels. Use 1 (grey), 3 (RGB) or 4 (RGBA).`);
  }

  const expected = count * height * width * channels;
  if (data.length !== expected) {
    throw new RangeError(`${operation}: images.shape ${shapeText} needs ${expected} values, but images.data has ${data.length}.`);
  }

  return { count, height, width, channels, isFloat };
}

/**
 * Copies image `index` of the batch into `target` as values in [0, 255], channels last.
 * Floats are scaled by 255 and clamped, and NaN becomes 0. Bytes are copied as they are.
 *
 * @param target - Receives `height * width * channels` values.
 */
export function readImage(data: PixelArray, info: ImageBatchInfo, index: number, target: Float32Array): void {
  const length = info.height * info.width * info.channels;
  const start = index * length;

  if (!info.isFloat) {
    for (let i = 0; i < length; i++) {
      target[i] = data[start + i];
    }
    return;
  }

  for (let i = 0; i < length; i++) {
    const value = data[start + i] * 255;
    if (value > 255) {
      target[i] = 255;
    } else if (value > 0) {
      target[i] = value;
    } else {
      // Negative values and NaN.
      target[i] = 0;
    }
  }
}
