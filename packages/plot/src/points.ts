/**
 * A 2-D or 3-D point layout, one point per row: `shape` is `[n, 2]` or `[n, 3]` and `data`
 * contains the `n * columns` coordinates row-major. Only the first two columns are drawn.
 */
export interface PointTensor {
  data: Float32Array;
  shape: readonly number[];
}

/** A rectangle in pixels: top-left corner and sizes. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Percentile cut off at each end of both axes before the layout is scaled to fit. */
export const OUTLIER_PERCENT = 0.5;

/** Share of the percentile range added at each end, so that the tails of a cluster keep their shape. */
const RANGE_PADDING = 0.05;

/**
 * Checks the shape, data length and coordinates of a point tensor and returns its sizes.
 *
 * @throws TypeError when `data` is not a Float32Array or `shape` is not an array.
 * @throws RangeError when `shape` is not `[n, 2]` or `[n, 3]`, `data.length` differs from
 *   the shape's product, or a coordinate in the first two columns is NaN or infinite.
 */
export function describePoints(operation: string, points: PointTensor): { count: number; columns: number } {
  if (points === null || typeof points !== 'object') {
    throw new TypeError(
      `${operation}: points must be an object { data, shape }, received ${points === null ? 'null' : typeof points}.`,
    );
  }
  const { data, shape } = points;
  if (!(data instanceof Float32Array)) {
    const value: unknown = data;
    const received = value === null || typeof value !== 'object' ? String(value) : value.constructor.name;
    throw new TypeError(`${operation}: points.data must be a Float32Array, received ${received}.`);
  }
  if (!Array.isArray(shape)) {
    throw new TypeError(`${operation}: points.shape must be an array [n, 2] or [n, 3], received ${typeof shape}.`);
  }

  const shapeText = `[${shape.join(', ')}]`;
  const [count, columns] = shape as number[];
  if (shape.length !== 2 || !Number.isInteger(count) || count < 0 || (columns !== 2 && columns !== 3)) {
    throw new RangeError(`${operation}: points.shape must be [n, 2] or [n, 3], received ${shapeText}.`);
  }
  if (data.length !== count * columns) {
    throw new RangeError(
      `${operation}: points.shape ${shapeText} needs ${count * columns} values, but points.data has ${data.length}.`,
    );
  }

  for (let row = 0; row < count; row++) {
    for (let column = 0; column < 2; column++) {
      const value = data[row * columns + column];
      if (!Number.isFinite(value)) {
        throw new RangeError(
          `${operation}: points.data has ${value} at row ${row}, column ${column}. ` +
            'Remove or replace non-finite coordinates before plotting.',
        );
      }
    }
  }
  return { count, columns };
}

/**
 * Maps the first two columns of every point to pixel centres inside `area`, y pointing up.
 * Both axes share one scale, so the layout keeps its aspect ratio and is centred in `area`.
 * The drawn range of each axis is its 0.5th to 99.5th percentile range widened by 5 % at each
 * end, but never beyond the smallest and largest value. So a few far outliers do not shrink
 * the rest of the plot, and points outside the range are drawn on its edge.
 *
 * @param inset - Pixels kept free along every edge of `area`, so that discs are not cut.
 * @returns Pixel coordinates, `[x0, y0, x1, y1, ...]`, one pair per point.
 */
export function projectPoints(points: PointTensor, count: number, columns: number, area: PixelRect, inset: number): Float32Array {
  const [minX, maxX] = robustRange(points.data, count, columns, 0);
  const [minY, maxY] = robustRange(points.data, count, columns, 1);

  const innerWidth = Math.max(1, area.width - 2 * inset);
  const innerHeight = Math.max(1, area.height - 2 * inset);
  const scale = Math.min(innerWidth / (maxX - minX), innerHeight / (maxY - minY));
  const left = area.x + inset + (innerWidth - (maxX - minX) * scale) / 2;
  const bottom = area.y + inset + innerHeight - (innerHeight - (maxY - minY) * scale) / 2;

  const pixels = new Float32Array(count * 2);
  for (let row = 0; row < count; row++) {
    const x = Math.min(maxX, Math.max(minX, points.data[row * columns]));
    const y = Math.min(maxY, Math.max(minY, points.data[row * columns + 1]));
    pixels[row * 2] = left + (x - minX) * scale;
    pixels[row * 2 + 1] = bottom - (y - minY) * scale;
  }
  return pixels;
}

/**
 * Returns the range drawn for one column: the 0.5th and 99.5th percentiles (linear
 * interpolation between the sorted values), each moved outwards by 5 % of their distance and
 * clamped to the column's minimum and maximum. A range of zero width, from no points or
 * identical coordinates, is widened to one unit around its centre.
 */
function robustRange(data: Float32Array, count: number, columns: number, column: number): [number, number] {
  if (count === 0) {
    return [-0.5, 0.5];
  }
  const values = new Float64Array(count);
  for (let row = 0; row < count; row++) {
    values[row] = data[row * columns + column];
  }
  values.sort();

  const lowPercentile = percentile(values, OUTLIER_PERCENT);
  const highPercentile = percentile(values, 100 - OUTLIER_PERCENT);
  const padding = (highPercentile - lowPercentile) * RANGE_PADDING;
  const low = Math.max(values[0], lowPercentile - padding);
  const high = Math.min(values[count - 1], highPercentile + padding);
  if (high > low) {
    return [low, high];
  }
  return [low - 0.5, low + 0.5];
}

/** Returns the `percent` percentile of ascending `sorted` values, interpolating linearly. */
function percentile(sorted: Float64Array, percent: number): number {
  const position = (percent / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}
