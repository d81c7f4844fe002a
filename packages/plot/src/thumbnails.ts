import type { PixelRect } from './points.js';
import { shuffledIndices } from './random.js';
import type { Raster, Rgb } from './raster.js';

/**
 * A batch of images, one per point, channels last: `shape` is `[n, height, width]` (grey) or
 * `[n, height, width, channels]` with 1, 3 (RGB) or 4 (RGBA) channels. `data` contains bytes
 * (0-255) or floats in [0, 1], image after image, row-major.
 */
export interface ThumbnailImages {
  data: Uint8Array | Uint8ClampedArray | Float32Array;
  shape: readonly number[];
}

/** Sizes read from a validated {@link ThumbnailImages} shape. */
export interface ThumbnailInfo {
  height: number;
  width: number;
  channels: number;
}

/**
 * Checks the type, shape and data length of the thumbnail images and returns their sizes.
 *
 * @param count - The number of points; there must be one image per point.
 * @throws TypeError when `data` is not a Uint8Array, Uint8ClampedArray or Float32Array, or
 *   `shape` is not an array.
 * @throws RangeError when the shape is not `[n, h, w]` or `[n, h, w, 1 | 3 | 4]` with
 *   positive sizes, `n` differs from `count`, or `data.length` differs from the product.
 */
export function describeThumbnails(operation: string, images: ThumbnailImages, count: number): ThumbnailInfo {
  if (images === null || typeof images !== 'object') {
    throw new TypeError(
      `${operation}: thumbnails.images must be an object { data, shape }, received ${images === null ? 'null' : typeof images}.`,
    );
  }
  const { data, shape } = images;
  if (!(data instanceof Uint8Array) && !(data instanceof Uint8ClampedArray) && !(data instanceof Float32Array)) {
    const value: unknown = data;
    const received = value === null || typeof value !== 'object' ? String(value) : value.constructor.name;
    throw new TypeError(
      `${operation}: thumbnails.images.data must be a Uint8Array, Uint8ClampedArray or Float32Array, received ${received}.`,
    );
  }
  if (!Array.isArray(shape)) {
    throw new TypeError(
      `${operation}: thumbnails.images.shape must be an array [n, height, width] or [n, height, width, channels], received ${typeof shape}.`,
    );
  }

  const shapeText = `[${shape.join(', ')}]`;
  const [imageCount, height, width, channels = 1] = shape as number[];
  const positive = shape.every((size) => Number.isInteger(size) && size >= 1);
  if ((shape.length !== 3 && shape.length !== 4) || !positive || (channels !== 1 && channels !== 3 && channels !== 4)) {
    throw new RangeError(
      `${operation}: thumbnails.images.shape must be [n, height, width] or [n, height, width, channels] ` +
        `with positive sizes and 1, 3 or 4 channels, received ${shapeText}.`,
    );
  }
  if (imageCount !== count) {
    throw new RangeError(
      `${operation}: thumbnails.images has ${imageCount} images but points has ${count} rows. Pass one image per point.`,
    );
  }
  if (data.length !== count * height * width * channels) {
    throw new RangeError(
      `${operation}: thumbnails.images.shape ${shapeText} needs ${count * height * width * channels} values, ` +
        `but thumbnails.images.data has ${data.length}.`,
    );
  }
  return { height, width, channels };
}

/**
 * Picks up to `maxCount` points whose thumbnails, `size` px squares centred on the points and
 * shifted inside `area`, do not overlap. The area is cut into a grid of cells a little larger
 * than a thumbnail, and one random point stands for each cell that has points. Cells are then
 * visited in random order and a candidate is placed when it overlaps no placed thumbnail, so the
 * thumbnails spread over every region that has points, not only the dense ones.
 *
 * @param pixels - Pixel centres of the points, `[x0, y0, x1, y1, ...]`.
 * @returns The placed points as `{ index, x, y }` with the thumbnail's top-left corner.
 */
export function chooseThumbnails(
  pixels: Float32Array,
  maxCount: number,
  size: number,
  area: PixelRect,
  random: () => number,
): Array<{ index: number; x: number; y: number }> {
  const count = pixels.length / 2;
  const cell = size + Math.max(2, Math.round(size / 8));
  const gridColumns = Math.max(1, Math.ceil(area.width / cell));
  const gridRows = Math.max(1, Math.ceil(area.height / cell));
  const cellOf = (x: number, y: number): [number, number] => [
    Math.min(gridColumns - 1, Math.max(0, Math.floor((x - area.x) / cell))),
    Math.min(gridRows - 1, Math.max(0, Math.floor((y - area.y) / cell))),
  ];

  const candidates = new Int32Array(gridColumns * gridRows).fill(-1);
  for (const index of shuffledIndices(count, random)) {
    const [column, row] = cellOf(pixels[index * 2], pixels[index * 2 + 1]);
    if (candidates[row * gridColumns + column] === -1) {
      candidates[row * gridColumns + column] = index;
    }
  }
  const occupied = [...candidates].filter((index) => index !== -1);

  const placed: Array<{ index: number; x: number; y: number }> = [];
  const placedByCell = new Map<number, Array<{ x: number; y: number }>>();
  for (const position of shuffledIndices(occupied.length, random)) {
    if (placed.length >= maxCount) {
      break;
    }
    const index = occupied[position];
    const x = clamp(Math.round(pixels[index * 2] - size / 2), area.x, area.x + area.width - size);
    const y = clamp(Math.round(pixels[index * 2 + 1] - size / 2), area.y, area.y + area.height - size);
    const [column, row] = cellOf(x, y);
    if (overlapsPlaced(placedByCell, gridColumns, column, row, x, y, cell)) {
      continue;
    }
    placed.push({ index, x, y });
    const key = row * gridColumns + column;
    placedByCell.set(key, [...(placedByCell.get(key) ?? []), { x, y }]);
  }
  return placed;
}

/**
 * Returns whether a thumbnail at (`x`, `y`) comes closer than `cell` pixels on both axes to a
 * placed one. Placed corners are indexed by grid cell, and any corner that close lies in one
 * of the 3x3 cells around (`column`, `row`).
 */
function overlapsPlaced(
  placedByCell: Map<number, Array<{ x: number; y: number }>>,
  gridColumns: number,
  column: number,
  row: number,
  x: number,
  y: number,
  cell: number,
): boolean {
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      if (column + dx < 0 || column + dx >= gridColumns) {
        continue;
      }
      for (const other of placedByCell.get((row + dy) * gridColumns + column + dx) ?? []) {
        if (Math.abs(other.x - x) < cell && Math.abs(other.y - y) < cell) {
          return true;
        }
      }
    }
  }
  return false;
}

/**
 * Draws image `index` into the `size` px square at (`x`, `y`), aspect ratio kept and centred,
 * over `background`, with a frame of `frameWidth` px in `frame` around the square. Shrinking
 * averages the source pixels under each target pixel; enlarging repeats the nearest one.
 */
export function drawThumbnail(
  raster: Raster,
  images: ThumbnailImages,
  info: ThumbnailInfo,
  index: number,
  box: { x: number; y: number; size: number },
  colours: { background: Rgb; frame: Rgb; frameWidth: number },
): void {
  const { x, y, size } = box;
  const { frameWidth } = colours;
  raster.fillRect(x - frameWidth, y - frameWidth, size + 2 * frameWidth, size + 2 * frameWidth, colours.frame);
  raster.fillRect(x, y, size, size, colours.background);

  const ratio = Math.max(info.width, info.height) / size;
  const targetWidth = Math.max(1, Math.round(info.width / ratio));
  const targetHeight = Math.max(1, Math.round(info.height / ratio));
  const left = x + Math.floor((size - targetWidth) / 2);
  const top = y + Math.floor((size - targetHeight) / 2);
  const start = index * info.height * info.width * info.channels;
  const pixel: [number, number, number, number] = [0, 0, 0, 0];

  for (let ty = 0; ty < targetHeight; ty++) {
    const [rowStart, rowEnd] = sourceSpan(ty, ratio, info.height);
    for (let tx = 0; tx < targetWidth; tx++) {
      const [columnStart, columnEnd] = sourceSpan(tx, ratio, info.width);
      averagePixel(images.data, info, start, [rowStart, rowEnd, columnStart, columnEnd], pixel);
      raster.blendPixel(left + tx, top + ty, [pixel[0], pixel[1], pixel[2]], pixel[3] / 255);
    }
  }
}

/** Returns the source rows or columns, `[start, end)`, under target pixel `target`. */
function sourceSpan(target: number, ratio: number, limit: number): [number, number] {
  const start = Math.min(limit - 1, Math.floor(target * ratio));
  const end = Math.min(limit, Math.max(start + 1, Math.floor((target + 1) * ratio)));
  return [start, end];
}

/** Writes the mean RGBA (0-255) of a block of source pixels into `pixel`. */
function averagePixel(
  data: ThumbnailImages['data'],
  info: ThumbnailInfo,
  start: number,
  [rowStart, rowEnd, columnStart, columnEnd]: [number, number, number, number],
  pixel: [number, number, number, number],
): void {
  const scale = data instanceof Float32Array ? 255 : 1;
  pixel.fill(0);
  for (let row = rowStart; row < rowEnd; row++) {
    for (let column = columnStart; column < columnEnd; column++) {
      const offset = start + (row * info.width + column) * info.channels;
      for (let channel = 0; channel < 4; channel++) {
        const source = sourceChannel(channel, info.channels);
        // `|| 0` reads NaN as 0.
        pixel[channel] += source === undefined ? 255 : clamp((data[offset + source] || 0) * scale, 0, 255);
      }
    }
  }
  const area = (rowEnd - rowStart) * (columnEnd - columnStart);
  for (let channel = 0; channel < 4; channel++) {
    pixel[channel] = Math.round(pixel[channel] / area);
  }
}

/**
 * Returns the source channel that target channel `channel` (0-3, RGBA) reads, or `undefined`
 * for an alpha that the image lacks, which is opaque. Grey images repeat channel 0 as RGB.
 */
function sourceChannel(channel: number, channels: number): number | undefined {
  if (channel === 3) {
    return channels === 4 ? 3 : undefined;
  }
  return channels === 1 ? 0 : channel;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
