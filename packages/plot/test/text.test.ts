import { describe, expect, it } from 'vitest';

import { FIRST_CODE, GLYPH_HEIGHT, GLYPH_WIDTH, LAST_CODE, glyphPixel } from '../src/font-5x7.js';
import { Raster } from '../src/raster.js';
import { drawText, fitText, measureText } from '../src/text.js';

/** Returns the glyph of `character` as rows of `#` (set) and `.` (clear). */
function glyphRows(character: string): string[] {
  const rows: string[] = [];
  for (let row = 0; row < GLYPH_HEIGHT; row++) {
    let line = '';
    for (let column = 0; column < GLYPH_WIDTH; column++) {
      line += glyphPixel(character.charCodeAt(0), column, row) ? '#' : '.';
    }
    rows.push(line);
  }
  return rows;
}

/** Returns the pixels of `raster` whose red channel is 0, as rows of `#` and `.`. */
function inkRows(raster: Raster): string[] {
  const rows: string[] = [];
  for (let y = 0; y < raster.height; y++) {
    let line = '';
    for (let x = 0; x < raster.width; x++) {
      line += raster.data[(y * raster.width + x) * 3] === 0 ? '#' : '.';
    }
    rows.push(line);
  }
  return rows;
}

describe('5x7 font', () => {
  it('draws H, 0 and g as their bitmaps', () => {
    expect(glyphRows('H')).toEqual(['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#']);
    expect(glyphRows('0')).toEqual(['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.']);
    expect(glyphRows('g')).toEqual(['.....', '.####', '#...#', '#...#', '.####', '....#', '.###.']);
  });

  it('has a distinct, non-empty glyph for every printable character', () => {
    const seen = new Map<string, string>();
    for (let code = FIRST_CODE + 1; code <= LAST_CODE; code++) {
      const character = String.fromCharCode(code);
      const bitmap = glyphRows(character).join('/');
      expect(bitmap, `glyph of ${JSON.stringify(character)}`).toMatch(/#/);
      expect(seen.get(bitmap), `glyph of ${JSON.stringify(character)}`).toBeUndefined();
      seen.set(bitmap, character);
    }
    expect(glyphRows(' ').join('')).not.toMatch(/#/);
  });

  it('draws characters outside ASCII as ?', () => {
    expect(glyphRows('é')).toEqual(glyphRows('?'));
    expect(glyphRows('\n')).toEqual(glyphRows('?'));
  });
});

describe(drawText, () => {
  it('scales each font pixel to a square', () => {
    const raster = new Raster(12, 16, [255, 255, 255]);
    const end = drawText(raster, 'H', 1, 1, 2, [0, 0, 0]);
    const rows = inkRows(raster);

    expect(end).toBe(11);
    expect(rows[1]).toBe('.##......##.');
    expect(rows[2]).toBe('.##......##.');
    expect(rows[7]).toBe('.##########.');
    expect(rows[14]).toBe('.##......##.');
    expect(rows[15]).toBe('............');
  });

  it('leaves a one-pixel gap between glyphs', () => {
    const raster = new Raster(11, 7, [255, 255, 255]);
    drawText(raster, 'HH', 0, 0, 1, [0, 0, 0]);

    expect(inkRows(raster)[3]).toBe('#####.#####');
  });

  it('clips text at the raster edge', () => {
    const raster = new Raster(4, 4, [255, 255, 255]);

    expect(() => drawText(raster, 'WWW', -3, -3, 2, [0, 0, 0])).not.toThrow();
    expect(inkRows(raster).join('')).toMatch(/#/);
  });
});

describe(measureText, () => {
  it('returns the drawn width and height', () => {
    expect(measureText('', 2)).toEqual({ width: 0, height: 14 });
    expect(measureText('H', 2)).toEqual({ width: 10, height: 14 });
    expect(measureText('cat 12', 3)).toEqual({ width: (6 * 6 - 1) * 3, height: 21 });
  });
});

describe(fitText, () => {
  it('keeps text that fits and shortens text that does not', () => {
    expect(fitText('cat', 2, 34)).toBe('cat');
    expect(fitText('a very long category', 1, 6 * 8 - 1)).toBe('a ver...');
    expect(measureText(fitText('a very long category', 1, 50), 1).width).toBeLessThanOrEqual(50);
    expect(fitText('long text', 2, 20)).toBe('');
  });
});
