import type { Rgb } from './raster.js';
import type { ThumbnailImages } from './thumbnails.js';

/** Largest width or height of a plot in pixels. */
export const MAX_PLOT_SIDE = 8192;

/** Smallest width or height of a plot in pixels, enough for the margins and a frame. */
export const MIN_PLOT_SIDE = 100;

/** Image thumbnails drawn over some of the points. */
export interface ScatterThumbnails {
  /** One image per point, `[n, h, w]` or `[n, h, w, 1 | 3 | 4]`, bytes or floats in [0, 1]. */
  images: ThumbnailImages;
  /**
   * Largest number of thumbnails. Fewer are drawn when no more fit without overlapping.
   * @default 50
   */
  count?: number;
  /**
   * Side of the square each thumbnail is fitted into, in pixels, at most a quarter of the
   * smaller image side.
   * @default 1/24 of the smaller side of the plot frame, at least 8
   */
  size?: number;
}

/** Options of {@link scatterPlot}. */
export interface ScatterPlotOptions {
  /**
   * One label per point: numbers (any array-like, such as an `Int32Array`) or strings. Each
   * distinct label is a category with its own colour: up to 20 categories take a fixed
   * palette (matplotlib's tab10, then the lighter tab20 shades), more take a colour hashed
   * from the category name. Without labels every point takes the first palette colour.
   */
  labels?: ArrayLike<number> | readonly string[];
  /** @default 1200 */
  width?: number;
  /** @default 1200 */
  height?: number;
  /** Disc radius in pixels. @default 2 */
  pointRadius?: number;
  /** Opacity of each disc, in (0, 1]. @default 0.8 */
  alpha?: number;
  /** One line at the top; characters outside ASCII 32-126 are drawn as `?`. */
  title?: string;
  /** Whether to draw the legend strip on the right; shown only with labels. @default true */
  legend?: boolean;
  /** Background `[r, g, b]`, each 0-255. @default [255, 255, 255] */
  background?: readonly [number, number, number];
  thumbnails?: ScatterThumbnails;
  /** Seed of the drawing order and of the thumbnail choice. @default 0 */
  seed?: number;
}

/** Options after checks, with defaults filled in. */
export interface PlotSettings {
  width: number;
  height: number;
  pointRadius: number;
  alpha: number;
  legend: boolean;
  background: Rgb;
  seed: number;
  thumbnailCount: number;
  thumbnailSize: number | undefined;
}

/**
 * Checks every option and fills in the defaults.
 *
 * @throws RangeError naming the option, the accepted range and the value received.
 */
export function checkOptions(operation: string, options: ScatterPlotOptions): PlotSettings {
  const {
    width = 1200,
    height = 1200,
    pointRadius = 2,
    alpha = 0.8,
    legend = true,
    background = [255, 255, 255],
    seed = 0,
    thumbnails,
  } = options;

  checkInteger(operation, 'width', width, MIN_PLOT_SIDE, MAX_PLOT_SIDE);
  checkInteger(operation, 'height', height, MIN_PLOT_SIDE, MAX_PLOT_SIDE);
  checkNumber(operation, 'pointRadius', pointRadius, 0, 64);
  checkNumber(operation, 'alpha', alpha, 0, 1);
  if (
    !Array.isArray(background) ||
    background.length !== 3 ||
    !background.every((value) => Number.isInteger(value) && value >= 0 && value <= 255)
  ) {
    throw new RangeError(
      `${operation}: background must be [r, g, b] with integers 0-255, received ${JSON.stringify(background)}.`,
    );
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new RangeError(`${operation}: seed must be a finite number, received ${String(seed)}.`);
  }

  const thumbnailCount = thumbnails?.count ?? 50;
  checkInteger(operation, 'thumbnails.count', thumbnailCount, 0, Number.MAX_SAFE_INTEGER);
  const thumbnailSize = thumbnails?.size;
  if (thumbnailSize !== undefined) {
    checkInteger(operation, 'thumbnails.size', thumbnailSize, 4, Math.floor(Math.min(width, height) / 4));
  }

  return { width, height, pointRadius, alpha, legend, background: background as Rgb, seed, thumbnailCount, thumbnailSize };
}

function checkInteger(operation: string, name: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${operation}: ${name} must be an integer from ${min} to ${max}, received ${String(value)}.`);
  }
}

/** Checks that `value` lies in (`min`, `max`]. */
function checkNumber(operation: string, name: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !(value > min && value <= max)) {
    throw new RangeError(
      `${operation}: ${name} must be a number greater than ${min} and at most ${max}, received ${String(value)}.`,
    );
  }
}
