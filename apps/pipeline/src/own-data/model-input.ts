import { image, tensor4d, tidy } from '@tensorflow/tfjs-core';

import type { Images } from './image-input.js';

/** Pixel scale a model expects: `unit` is [0, 1], `signed` is [-1, 1], `byte` is [0, 255]. */
export type InputRange = 'unit' | 'signed' | 'byte';

/** Sizes and layout of the images fed to a model. */
export interface ModelInputPlan {
  height: number;
  width: number;
  channels: 1 | 3;
  /** Side of the square cells the images are read at, before any resize to `height` x `width`. */
  readSide: number;
  /** Shape of one input row as the model takes it: `[h, w, c]`, `[h, w]` or `[h * w * c]`. */
  rowShape: number[];
}

/**
 * Works out how images feed a model with input shape `inputShape` (batch axis first):
 *
 * - `[null, h, w, c]` with `c` 1 or 3: `h` x `w` images with `c` channels, channels last.
 * - `[null, h, w]`: grey `h` x `w` images.
 * - `[null, d]`: flattened images, row by row and channels last: grey `s` x `s` when
 *   `d = s * s`, else RGB `s` x `s` when `d = 3 * s * s`.
 *
 * An unknown height or width (`null`) takes `cellSize`. Images are read into square cells of
 * the larger side, scaled to fit and padded with black. When height and width differ, the
 * cells are then resized to `h` x `w` bilinearly, which stretches them.
 *
 * @throws RangeError for any other input shape, naming it and the accepted forms.
 */
export function planModelInput(inputShape: readonly (number | null)[], cellSize: number): ModelInputPlan {
  const [, ...row] = inputShape;
  const size = (value: number | null | undefined) => (value === null || value === undefined ? cellSize : value);

  if (row.length === 3 && (row[2] === 1 || row[2] === 3)) {
    const [height, width] = [size(row[0]), size(row[1])];
    return { height, width, channels: row[2], readSide: Math.max(height, width), rowShape: [height, width, row[2]] };
  }
  if (row.length === 2) {
    const [height, width] = [size(row[0]), size(row[1])];
    return { height, width, channels: 1, readSide: Math.max(height, width), rowShape: [height, width] };
  }
  if (row.length === 1 && typeof row[0] === 'number') {
    const columns = row[0];
    for (const channels of [1, 3] as const) {
      const side = Math.round(Math.sqrt(columns / channels));
      if (side * side * channels === columns) {
        return { height: side, width: side, channels, readSide: side, rowShape: [columns] };
      }
    }
  }

  throw new RangeError(
    `The model's input shape [${inputShape.map(String).join(', ')}] does not take images. projector-kit feeds ` +
      '[null, h, w, 1 or 3] (channels last), [null, h, w] (grey) or [null, d] with d = s*s (grey) or 3*s*s (RGB) flattened.',
  );
}

/**
 * Converts rows `first` to `first + count - 1` of `images` (read at `plan.readSide`) into the
 * model's input: pixels scaled to `range`, then resized to `plan.height` x `plan.width` when
 * the cells are not that size.
 *
 * @returns `count * height * width * channels` float32 values, row-major, for `[count, ...plan.rowShape]`.
 */
export function modelInputRows(
  images: Images,
  plan: ModelInputPlan,
  range: InputRange,
  first: number,
  count: number,
): Float32Array {
  const [, side, , channels] = images.shape;
  const rowSize = side * side * channels;
  const pixels = images.data.subarray(first * rowSize, (first + count) * rowSize);

  const [scale, offset] = range === 'unit' ? [1 / 255, 0] : range === 'signed' ? [2 / 255, -1] : [1, 0];
  const scaled = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    scaled[i] = pixels[i]! * scale + offset;
  }

  if (side === plan.height && side === plan.width) {
    return scaled;
  }
  return tidy(
    () =>
      image
        .resizeBilinear(tensor4d(scaled, [count, side, side, channels]), [plan.height, plan.width], false, true)
        .dataSync() as Float32Array,
  );
}
