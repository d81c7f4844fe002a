import { PNG } from 'pngjs';

import { groupCategories } from './categories.js';
import { planLayout, plotInset } from './layout.js';
import { drawLegend, type LegendEntry } from './legend.js';
import { checkOptions, type ScatterPlotOptions } from './options.js';
import { categoryColours, PALETTE } from './palette.js';
import { describePoints, projectPoints, type PointTensor } from './points.js';
import { seededRandom, shuffledIndices } from './random.js';
import { Raster, type Rgb } from './raster.js';
import { drawText } from './text.js';
import { chooseThumbnails, describeThumbnails, drawThumbnail, type ThumbnailImages } from './thumbnails.js';

/** A scatter plot encoded as PNG. */
export interface ScatterPlot {
  /** The PNG file contents (8-bit RGB). */
  png: Buffer;
  /** Image width in pixels. */
  width: number;
  /** Image height in pixels. */
  height: number;
}

/**
 * Draws a 2-D layout as a scatter plot and encodes it as PNG, without tfjs or a native canvas.
 *
 * Points are discs with alpha blending, drawn in a seeded random order so that no category is
 * always on top, and scaled to fit the frame with one scale for both axes. The drawn range of
 * each axis is its 0.5th to 99.5th percentile range widened by 5 % at each end (never past the
 * minimum and maximum), and points outside it are drawn on the frame's edge. The y axis points
 * up. With labels, each category takes a colour and a legend row with its name and point count.
 * Text uses a built-in 5x7 pixel font for ASCII 32-126; other characters are drawn as `?`.
 *
 * @param points - `{ data, shape: [n, 2] | [n, 3] }`, coordinates in any unit; the third column
 *   is ignored.
 * @param options - See {@link ScatterPlotOptions}.
 * @returns The PNG and its size in pixels.
 * @throws RangeError for a wrong shape or data length, or a NaN or infinite coordinate, whose
 *   message names its row and column. Also for a label or image count different from the
 *   point count, and for an option out of range, whose message names the option and value.
 * @throws TypeError for a wrong array type or a labels array that mixes types.
 */
export function scatterPlot(points: PointTensor, options: ScatterPlotOptions = {}): ScatterPlot {
  const operation = 'scatterPlot';
  const { count, columns } = describePoints(operation, points);
  const settings = checkOptions(operation, options);
  const categories = options.labels === undefined ? undefined : groupCategories(operation, options.labels, count);
  const thumbnailInfo =
    options.thumbnails === undefined ? undefined : describeThumbnails(operation, options.thumbnails.images, count);

  const colours = categories ? categoryColours(categories.names) : [PALETTE[0]];
  const legendEntries: LegendEntry[] | undefined =
    categories && settings.legend
      ? categories.names.map((name, index) => ({ name, count: categories.counts[index], colour: colours[index] }))
      : undefined;
  const layout = planLayout(settings.width, settings.height, options.title, legendEntries);
  const ink = inkColours(settings.background);
  const raster = new Raster(settings.width, settings.height, settings.background);
  const random = seededRandom(settings.seed);

  raster.strokeRect(layout.plot.x, layout.plot.y, layout.plot.width, layout.plot.height, ink.frame, layout.frameWidth);
  if (layout.title) {
    drawText(raster, layout.title.text, layout.title.x, layout.title.y, layout.title.scale, ink.text);
  }

  const inset = plotInset(layout, settings.pointRadius);
  const pixels = projectPoints(points, count, columns, layout.plot, inset);
  for (const index of shuffledIndices(count, random)) {
    const colour = colours[categories ? categories.codes[index] : 0];
    raster.fillDisc(pixels[index * 2], pixels[index * 2 + 1], settings.pointRadius, colour, settings.alpha);
  }

  if (options.thumbnails && thumbnailInfo) {
    drawThumbnails(raster, options.thumbnails.images, thumbnailInfo, pixels, {
      maxCount: settings.thumbnailCount,
      size: settings.thumbnailSize ?? Math.max(8, Math.round(Math.min(layout.plot.width, layout.plot.height) / 24)),
      area: {
        x: layout.plot.x + inset,
        y: layout.plot.y + inset,
        width: layout.plot.width - 2 * inset,
        height: layout.plot.height - 2 * inset,
      },
      frameColour: (index) => (categories ? colours[categories.codes[index]] : ink.frame),
      frameWidth: layout.fontScale,
      background: settings.background,
      random,
    });
  }

  if (layout.legend && legendEntries) {
    drawLegend(raster, legendEntries, layout.legend, layout.fontScale, ink);
  }

  const png = PNG.sync.write(
    // PNG.sync.write reads only these fields, so the RGB buffer is passed without the RGBA copy
    // that `new PNG()` would allocate.
    { width: raster.width, height: raster.height, data: Buffer.from(raster.data.buffer), gamma: 0 } as unknown as PNG,
    { colorType: 2, inputColorType: 2, bitDepth: 8 },
  );
  return { png, width: raster.width, height: raster.height };
}

/** Picks thumbnails that do not overlap and draws each over its point with a coloured frame. */
function drawThumbnails(
  raster: Raster,
  images: ThumbnailImages,
  info: ReturnType<typeof describeThumbnails>,
  pixels: Float32Array,
  placement: {
    maxCount: number;
    size: number;
    area: { x: number; y: number; width: number; height: number };
    frameColour: (index: number) => Rgb;
    frameWidth: number;
    background: Rgb;
    random: () => number;
  },
): void {
  const { maxCount, size, area, frameWidth, background, random } = placement;
  const chosen = chooseThumbnails(pixels, maxCount, size + 2 * frameWidth, area, random);
  for (const { index, x, y } of chosen) {
    const box = { x: x + frameWidth, y: y + frameWidth, size };
    drawThumbnail(raster, images, info, index, box, { background, frame: placement.frameColour(index), frameWidth });
  }
}

/** Returns text and frame colours that stand out from `background`: dark on light, light on dark. */
function inkColours(background: Rgb): { text: Rgb; muted: Rgb; frame: Rgb } {
  const luminance = 0.2126 * background[0] + 0.7152 * background[1] + 0.0722 * background[2];
  const text: Rgb = luminance > 128 ? [34, 34, 34] : [230, 230, 230];
  const mix = (share: number): Rgb =>
    [0, 1, 2].map((channel) => Math.round(text[channel] + (background[channel] - text[channel]) * share)) as unknown as Rgb;
  return { text, muted: mix(0.45), frame: mix(0.8) };
}
