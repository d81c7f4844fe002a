import { PNG } from 'pngjs';
import type { PNGWithMetadata } from 'pngjs';

import type { Sprite } from '../src/index.js';

/** Expected RGBA of pixel (x, y) of cell `index`, or of an empty cell when `index >= count`. */
export type ExpectedPixel = (index: number, x: number, y: number) => readonly [number, number, number, number];

/** Decodes a sprite PNG with pngjs, which always returns 8-bit RGBA data. */
export function decodeSprite(sprite: Sprite): PNGWithMetadata {
  return PNG.sync.read(sprite.png);
}

/**
 * Compares every pixel of every cell, filled and empty, with `expected`, reading cell `i` at
 * row `floor(i / gridSide)` and column `i % gridSide`. Returns a description of the first
 * mismatch, or null when all pixels match.
 */
export function findCellMismatch(sprite: Sprite, decoded: PNG, expected: ExpectedPixel): string | null {
  const { gridSide, cellWidth, cellHeight } = sprite;

  for (let index = 0; index < gridSide * gridSide; index++) {
    const row = Math.floor(index / gridSide);
    const column = index % gridSide;
    for (let y = 0; y < cellHeight; y++) {
      for (let x = 0; x < cellWidth; x++) {
        const offset = ((row * cellHeight + y) * decoded.width + column * cellWidth + x) * 4;
        const found = Array.from(decoded.data.subarray(offset, offset + 4));
        const wanted = expected(index, x, y);
        if (found.some((value, c) => value !== wanted[c])) {
          return `cell ${index} (row ${row}, column ${column}) pixel (${x}, ${y}): found [${found}], expected [${wanted}]`;
        }
      }
    }
  }

  return null;
}
