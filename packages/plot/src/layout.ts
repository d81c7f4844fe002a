import { GLYPH_HEIGHT } from './font-5x7.js';
import { legendWidth, type LegendEntry } from './legend.js';
import type { PixelRect } from './points.js';
import { fitText, measureText } from './text.js';

/** Positions and sizes of the parts of a plot, in pixels. */
export interface PlotLayout {
  /** Device pixels per font pixel of the legend text; the title uses one more. */
  fontScale: number;
  /** The frame around the points. */
  plot: PixelRect;
  /** Width of the frame's line in pixels. */
  frameWidth: number;
  /** The title, already shortened to fit the width, and its top-left corner. */
  title?: { text: string; x: number; y: number; scale: number };
  /** The right-hand legend strip. */
  legend?: PixelRect;
}

/** Largest share of the image width that the legend strip may take. */
const MAX_LEGEND_SHARE = 0.35;

/**
 * Splits a `width` x `height` image into a title band at the top, a legend strip on the right
 * and the plot frame in the rest, with a margin around each. The font scale is 2 (10x14 px
 * glyphs) up to a smaller side of 1249 px, and it grows by one every 500 px above. Images
 * with a side under 300 px use scale 1.
 *
 * @param legendEntries - Legend rows, or `undefined` for no legend.
 */
export function planLayout(
  width: number,
  height: number,
  title: string | undefined,
  legendEntries: readonly LegendEntry[] | undefined,
): PlotLayout {
  const side = Math.min(width, height);
  const fontScale = side < 300 ? 1 : Math.max(2, Math.round(side / 500));
  const margin = 10 * fontScale;

  let top = margin;
  let titlePlacement: PlotLayout['title'];
  if (title !== undefined && title !== '') {
    const scale = fontScale + 1;
    const text = fitText(title, scale, width - 2 * margin);
    const textWidth = measureText(text, scale).width;
    titlePlacement = { text, x: Math.round((width - textWidth) / 2), y: top, scale };
    top += GLYPH_HEIGHT * scale + margin;
  }

  let right = width - margin;
  let legend: PixelRect | undefined;
  if (legendEntries !== undefined && legendEntries.length > 0) {
    const strip = legendWidth(legendEntries, fontScale, Math.floor(width * MAX_LEGEND_SHARE));
    legend = { x: width - margin - strip, y: top, width: strip, height: height - margin - top };
    right = legend.x - margin;
  }

  const plot = { x: margin, y: top, width: Math.max(1, right - margin), height: Math.max(1, height - margin - top) };
  return { fontScale, plot, frameWidth: Math.max(1, Math.round(fontScale / 2)), title: titlePlacement, legend };
}

/**
 * Returns the pixels kept free inside the frame on every side, so that discs of `pointRadius`
 * px do not touch the frame line: the line, the radius and 2 % of the frame's smaller side
 * (at least 4 px).
 */
export function plotInset(layout: PlotLayout, pointRadius: number): number {
  const padding = Math.max(4, Math.round(0.02 * Math.min(layout.plot.width, layout.plot.height)));
  return layout.frameWidth + Math.ceil(pointRadius) + padding;
}
