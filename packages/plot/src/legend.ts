import type { PixelRect } from './points.js';
import type { Raster, Rgb } from './raster.js';
import { drawText, fitText, measureText } from './text.js';

/** One legend row: a category, its colour and its number of points. */
export interface LegendEntry {
  name: string;
  count: number;
  colour: Rgb;
}

/** Colours of the legend text. */
export interface LegendInk {
  text: Rgb;
  /** Colour of the point counts, fainter than the names. */
  muted: Rgb;
}

/** Rows and columns of the legend, in font pixels before scaling. */
const ROW_HEIGHT = 12;
const SWATCH = 7;
const GAP = 4;
const PADDING = 6;

/**
 * Returns the width in pixels of a legend strip for `entries` at font `scale`, at most
 * `maxWidth`. Names that do not fit are shortened with `...` when the legend is drawn.
 */
export function legendWidth(entries: readonly LegendEntry[], scale: number, maxWidth: number): number {
  let widest = 0;
  for (const entry of entries) {
    widest = Math.max(widest, measureText(entryText(entry), scale).width);
  }
  const width = (PADDING + SWATCH + GAP + PADDING) * scale + widest;
  return Math.min(maxWidth, width);
}

/**
 * Draws the legend into `rect`, one row per category from the top: a colour swatch, the
 * category name and its point count. When the rows do not fit the height, the last row that
 * fits shows how many categories were left out.
 */
export function drawLegend(
  raster: Raster,
  entries: readonly LegendEntry[],
  rect: PixelRect,
  scale: number,
  ink: LegendInk,
): void {
  const rowHeight = ROW_HEIGHT * scale;
  const fittingRows = Math.max(1, Math.floor((rect.height - 2 * PADDING * scale) / rowHeight));
  const shownRows = entries.length <= fittingRows ? entries.length : fittingRows - 1;
  const textLeft = rect.x + (PADDING + SWATCH + GAP) * scale;
  const textWidth = rect.x + rect.width - PADDING * scale - textLeft;

  for (let row = 0; row < shownRows; row++) {
    const entry = entries[row];
    const top = rect.y + PADDING * scale + row * rowHeight;
    raster.fillRect(rect.x + PADDING * scale, top, SWATCH * scale, SWATCH * scale, entry.colour);

    const name = fitText(entry.name, scale, textWidth);
    const nameEnd = drawText(raster, name, textLeft, top, scale, ink.text);
    const count = ` ${formatCount(entry.count)}`;
    if (name === entry.name && nameEnd + measureText(count, scale).width <= textLeft + textWidth) {
      drawText(raster, count, nameEnd + scale, top, scale, ink.muted);
    }
  }

  if (shownRows < entries.length) {
    const top = rect.y + PADDING * scale + shownRows * rowHeight;
    const more = fitText(`+${entries.length - shownRows} more`, scale, textWidth);
    drawText(raster, more, textLeft, top, scale, ink.muted);
  }
}

/** Returns the text of a legend row after its swatch. */
function entryText(entry: LegendEntry): string {
  return `${entry.name}  ${formatCount(entry.count)}`;
}

/** Formats a count with commas between groups of three digits, independent of the locale. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
