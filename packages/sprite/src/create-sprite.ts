import { PNG } from 'pngjs';
import type { ColorType } from 'pngjs';

import { describeImageBatch, readImage } from './images.js';
import type { ImageBatch, ImageBatchInfo } from './images.js';
import { checkPositiveInteger, computeSpriteLayout, MAX_SPRITE_SIDE } from './layout.js';
import type { SpriteLayout } from './layout.js';
import { computeAxisWeights, resizeImage } from './resize.js';

/** An RGBA colour, each channel an integer in [0, 255]. */
export type Rgba = readonly [red: number, green: number, blue: number, alpha: number];

/** Options of {@link createSprite}. */
export interface CreateSpriteOptions {
  /**
   * Cell size in pixels, `size` for square cells or `[width, height]`. Each image is resized
   * to it: a box filter (area average) when shrinking, bilinear when enlarging.
   * @default the image size
   */
  cellSize?: number | readonly [width: number, height: number];
  /**
   * Largest sprite width and height in pixels. The Embedding Projector rejects larger sprites.
   * @default 8192
   */
  maxSide?: number;
  /**
   * Replaces every colour channel `v` with `255 - v` (alpha is kept), for example to draw
   * white-on-black MNIST digits as black on white.
   * @default false
   */
  invert?: boolean;
  /**
   * Colour of the empty cells after the last image. Transparent by default: the projector
   * skips texels whose alpha is 0, and no point ever shows an empty cell.
   * @default [0, 0, 0, 0]
   */
  background?: Rgba;
  /** Called after each row of cells with the number of images placed and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** A sprite sheet encoded as PNG, with its layout. */
export interface Sprite extends SpriteLayout {
  /** The PNG file contents. */
  png: Buffer;
}

/**
 * Draws a batch of images into a square sprite sheet for the Embedding Projector.
 *
 * Image `i` fills the cell at row `floor(i / gridSide)` and column `i % gridSide`, where
 * `gridSide = ceil(sqrt(n))`. The cells after the last image get the background colour.
 * Float32 values are read as [0, 1]: scaled by 255, clamped, NaN read as 0. Bytes are used
 * as they are. Grey images are written as grey PNGs unless the background has colour, and
 * the PNG has an alpha channel only when the images or the background need one.
 *
 * @param images - `[n, height, width]` or `[n, height, width, channels]` pixels, channels
 *   last with 1, 3 or 4 channels. See {@link ImageBatch}.
 * @param options - See {@link CreateSpriteOptions}.
 * @returns The PNG and its layout: sprite `width` and `height`, `cellWidth`, `cellHeight`
 *   and `gridSide`, all in pixels except `gridSide` (cells per side).
 * @throws TypeError or RangeError naming the shape when `images` is malformed, and a
 *   RangeError when the sprite would exceed `maxSide` (it names the largest image count
 *   that fits and a `cellSize` that fits, see `fitCellSize`).
 */
export function createSprite(images: ImageBatch, options: CreateSpriteOptions = {}): Sprite {
  const { cellSize, maxSide = MAX_SPRITE_SIDE, invert = false, background = [0, 0, 0, 0], onProgress } = options;
  const info = describeImageBatch('createSprite', images);
  const [cellWidth, cellHeight] = resolveCellSize(cellSize, info);
  checkBackground(background);
  const layout = computeSpriteLayout('createSprite', info.count, cellWidth, cellHeight, maxSide);

  const format = chooseOutputFormat(info, background);
  const sheet = Buffer.alloc(layout.width * layout.height * format.channels);
  fillBackground(sheet, format.channels, background);

  const needsResize = cellWidth !== info.width || cellHeight !== info.height;
  const weightsX = needsResize ? computeAxisWeights(info.width, cellWidth) : undefined;
  const weightsY = needsResize ? computeAxisWeights(info.height, cellHeight) : undefined;
  const source = new Float32Array(info.height * info.width * info.channels);

  for (let i = 0; i < info.count; i++) {
    readImage(images.data, info, i, source);
    const cell = weightsX && weightsY ? resizeImage(source, info.height, info.width, info.channels, weightsX, weightsY) : source;
    drawCell(sheet, layout, i, cell, info.channels, format.channels, invert);

    const done = i + 1;
    if (onProgress && (done % layout.gridSide === 0 || done === info.count)) {
      onProgress(done, info.count);
    }
  }

  const png = PNG.sync.write(
    // NOTE: pngjs reads only width, height, data and gamma here, so a plain object avoids
    // allocating the RGBA buffer that `new PNG()` would create.
    { width: layout.width, height: layout.height, data: sheet, gamma: 0 } as unknown as PNG,
    { colorType: format.colorType, inputColorType: format.colorType, bitDepth: 8 },
  );
  return { png, ...layout };
}

function resolveCellSize(cellSize: CreateSpriteOptions['cellSize'], info: ImageBatchInfo): [number, number] {
  if (cellSize === undefined) {
    return [info.width, info.height];
  }
  const [width, height] = typeof cellSize === 'number' ? [cellSize, cellSize] : cellSize;
  checkPositiveInteger('createSprite', 'options.cellSize width', width);
  checkPositiveInteger('createSprite', 'options.cellSize height', height);
  return [width, height];
}

function checkBackground(background: Rgba): void {
  const valid =
    Array.isArray(background) &&
    background.length === 4 &&
    background.every((value) => Number.isInteger(value) && value >= 0 && value <= 255);
  if (!valid) {
    throw new RangeError(
      `createSprite: options.background must be [red, green, blue, alpha] with integers 0-255, ` +
        `received ${JSON.stringify(background)}.`,
    );
  }
}

interface OutputFormat {
  colorType: ColorType;
  channels: 1 | 2 | 3 | 4;
}

function chooseOutputFormat(info: ImageBatchInfo, background: Rgba): OutputFormat {
  const [red, green, blue, alpha] = background;
  const hasColor = info.channels >= 3 || red !== green || green !== blue;
  const hasAlpha = info.channels === 4 || alpha < 255;
  if (hasColor) {
    return hasAlpha ? { colorType: 6, channels: 4 } : { colorType: 2, channels: 3 };
  }
  return hasAlpha ? { colorType: 4, channels: 2 } : { colorType: 0, channels: 1 };
}

function fillBackground(sheet: Buffer, channels: number, [red, green, blue, alpha]: Rgba): void {
  const pixel = [[red], [red, alpha], [red, green, blue], [red, green, blue, alpha]][channels - 1];
  if (pixel.every((value) => value === 0)) {
    return;
  }
  for (let i = 0; i < sheet.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      sheet[i + c] = pixel[c];
    }
  }
}

/** Writes one cell, converting `inChannels` (1, 3, 4) values per pixel to `outChannels`. */
function drawCell(
  sheet: Buffer,
  layout: SpriteLayout,
  index: number,
  cell: Float32Array,
  inChannels: number,
  outChannels: number,
  invert: boolean,
): void {
  const { gridSide, width, cellWidth, cellHeight } = layout;
  const left = (index % gridSide) * cellWidth;
  const top = Math.floor(index / gridSide) * cellHeight;
  const rgba = [0, 0, 0, 255];

  for (let y = 0; y < cellHeight; y++) {
    let target = ((top + y) * width + left) * outChannels;
    for (let x = 0; x < cellWidth; x++) {
      const source = (y * cellWidth + x) * inChannels;
      for (let c = 0; c < 3; c++) {
        const value = toByte(cell[source + (inChannels === 1 ? 0 : c)]);
        rgba[c] = invert ? 255 - value : value;
      }
      rgba[3] = inChannels === 4 ? toByte(cell[source + 3]) : 255;

      if (outChannels === 1) {
        sheet[target] = rgba[0];
      } else if (outChannels === 2) {
        sheet[target] = rgba[0];
        sheet[target + 1] = rgba[3];
      } else {
        for (let c = 0; c < outChannels; c++) {
          sheet[target + c] = rgba[c];
        }
      }
      target += outChannels;
    }
  }
}

function toByte(value: number): number {
  return Math.min(255, Math.max(0, Math.round(value)));
}
