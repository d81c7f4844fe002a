import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphPixel } from './font-5x7.js';
import type { Raster, Rgb } from './raster.js';

/** Horizontal distance between the left edges of two neighbouring glyphs, in font pixels. */
const ADVANCE = GLYPH_WIDTH + 1;

/** Suffix of a shortened text. */
const ELLIPSIS = '...';

/**
 * Returns the width and height in pixels that {@link drawText} covers for `text` at `scale`
 * device pixels per font pixel. The text is one line; there is no trailing gap after the last
 * glyph.
 */
export function measureText(text: string, scale: number): { width: number; height: number } {
  const length = [...text].length;
  return { width: length === 0 ? 0 : (length * ADVANCE - 1) * scale, height: GLYPH_HEIGHT * scale };
}

/**
 * Draws one line of text with the built-in 5x7 font, each font pixel a `scale` x `scale`
 * square, with its top-left corner at (`x`, `y`). Characters outside ASCII 32-126, including
 * line breaks and tabs, are drawn as `?`.
 *
 * @returns The x coordinate just right of the last glyph.
 */
export function drawText(raster: Raster, text: string, x: number, y: number, scale: number, colour: Rgb): number {
  let left = Math.round(x);
  const top = Math.round(y);
  for (const character of text) {
    const code = character.codePointAt(0)!;
    for (let column = 0; column < GLYPH_WIDTH; column++) {
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        if (glyphPixel(code, column, row)) {
          raster.fillRect(left + column * scale, top + row * scale, scale, scale, colour);
        }
      }
    }
    left += ADVANCE * scale;
  }
  return left - scale;
}

/**
 * Returns `text`, or its longest prefix followed by `...`, whose width at `scale` is at most
 * `maxWidth` pixels. Returns an empty string when not even the ellipsis fits.
 */
export function fitText(text: string, scale: number, maxWidth: number): string {
  const characters = [...text];
  if (measureText(text, scale).width <= maxWidth) {
    return text;
  }
  const maxCharacters = Math.floor((maxWidth / scale + 1) / ADVANCE);
  if (maxCharacters < ELLIPSIS.length) {
    return '';
  }
  return characters.slice(0, maxCharacters - ELLIPSIS.length).join('') + ELLIPSIS;
}
