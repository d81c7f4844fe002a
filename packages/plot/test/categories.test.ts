import { describe, expect, it } from 'vitest';

import { groupCategories } from '../src/categories.js';
import { categoryColours, hashedColour, PALETTE } from '../src/palette.js';

describe(groupCategories, () => {
  it('sorts numeric labels by value and counts them', () => {
    const categories = groupCategories('test', new Int32Array([10, 2, 2, -1, 10, 2]), 6);

    expect(categories.names).toEqual(['-1', '2', '10']);
    expect(categories.counts).toEqual([1, 3, 2]);
    expect([...categories.codes]).toEqual([2, 1, 1, 0, 2, 1]);
  });

  it('sorts decimal strings by value', () => {
    expect(groupCategories('test', ['0.5', '0.25', '10', '9'], 4).names).toEqual(['0.25', '0.5', '9', '10']);
  });

  it('sorts other strings in natural order', () => {
    const labels = ['class10', 'class2', 'cat', 'class1', 'Dog', 'class2'];

    expect(groupCategories('test', labels, 6).names).toEqual(['Dog', 'cat', 'class1', 'class2', 'class10']);
  });

  it('rejects a label count different from the point count', () => {
    expect(() => groupCategories('scatterPlot', [1, 2, 3], 4)).toThrow(
      'scatterPlot: labels has 3 entries but points has 4 rows. Pass one label per point.',
    );
  });

  it('rejects mixed label types', () => {
    expect(() => groupCategories('scatterPlot', ['a', 2] as unknown as string[], 2)).toThrow(
      /labels\[0\] is string and labels\[1\] is number \(2\)/,
    );
  });

  it('rejects non-finite numeric labels', () => {
    expect(() => groupCategories('scatterPlot', new Float32Array([0, NaN]), 2)).toThrow('labels[1] is NaN');
  });
});

describe(categoryColours, () => {
  it('uses the palette for up to 20 categories', () => {
    const names = Array.from({ length: 20 }, (_, i) => String(i));

    expect(categoryColours(names)).toEqual(PALETTE);
    expect(new Set(PALETTE.map((colour) => colour.join())).size).toBe(20);
  });

  it('hashes the name for more than 20 categories', () => {
    const names = Array.from({ length: 21 }, (_, i) => `class${i}`);
    const colours = categoryColours(names);

    expect(colours[3]).toEqual(hashedColour('class3'));
    expect(new Set(colours.map((colour) => colour.join())).size).toBeGreaterThan(18);
  });

  it('gives hashed colours that stand out from white', () => {
    for (let i = 0; i < 500; i++) {
      const [r, g, b] = hashedColour(`name ${i}`);
      for (const channel of [r, g, b]) {
        expect(Number.isInteger(channel)).toBe(true);
        expect(channel).toBeGreaterThanOrEqual(0);
        expect(channel).toBeLessThanOrEqual(255);
      }
      expect(0.2126 * r + 0.7152 * g + 0.0722 * b).toBeLessThan(181);
    }
  });
});
