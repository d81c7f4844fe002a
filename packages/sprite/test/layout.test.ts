import { describe, expect, it } from 'vitest';

import { fitCellSize, spriteLayout } from '../src/index.js';

describe(spriteLayout, () => {
  it.each([
    [1, 1],
    [2, 2],
    [4, 2],
    [5, 3],
    [10_000, 100],
    [10_001, 101],
  ])('count %i gives gridSide %i', (count, gridSide) => {
    const layout = spriteLayout(count, 28, 28);

    expect(layout.gridSide).toBe(gridSide);
    expect(layout.gridSide ** 2).toBeGreaterThanOrEqual(count);
    expect((layout.gridSide - 1) ** 2).toBeLessThan(count);
  });

  it('sizes 10,000 cells of 28x28 as 2800x2800', () => {
    expect(spriteLayout(10_000, 28, 28)).toEqual({ gridSide: 100, width: 2800, height: 2800, cellWidth: 28, cellHeight: 28 });
  });

  it('keeps non-square cells in a square grid of cells', () => {
    expect(spriteLayout(7, 20, 10)).toEqual({ gridSide: 3, width: 60, height: 30, cellWidth: 20, cellHeight: 10 });
  });

  it('accepts a sprite of exactly maxSide', () => {
    expect(spriteLayout(9801, 82, 82).width).toBe(99 * 82);
    expect(spriteLayout(4, 5, 5, { maxSide: 10 }).width).toBe(10);
  });

  it('rejects 10,001 cells of 82x82 with the largest count that fits', () => {
    const largestCount = Math.floor(8192 / 82) ** 2;

    const layout = () => spriteLayout(10_001, 82, 82);

    expect(layout).toThrow(RangeError);
    expect(layout).toThrow('spriteLayout: 10,001 images of 82x82 px need 101x101 cells, a 8282x8282 px sprite');
    expect(layout).toThrow(`at most ${largestCount.toLocaleString('en-US')} images fit`);
    expect(layout).toThrow('smaller cells with the cellSize');
  });

  it('counts the larger side of non-square cells against maxSide', () => {
    expect(() => spriteLayout(5, 40, 10, { maxSide: 100 })).toThrow('at most 4 images fit');
  });

  it('rejects a fractional count', () => {
    expect(() => spriteLayout(2.5, 28, 28)).toThrow('spriteLayout: count must be a positive integer, received 2.5');
  });

  it('rejects a string cell width with a TypeError', () => {
    const layout = () => spriteLayout(4, '28' as unknown as number, 28);

    expect(layout).toThrow(TypeError);
    expect(layout).toThrow('cellWidth must be a positive integer, received 28 (string)');
  });
});

describe(fitCellSize, () => {
  it('shrinks 82x82 cells to 81x81 for 10,001 images', () => {
    const [width, height] = fitCellSize(10_001, 82, 82);

    expect([width, height]).toEqual([81, 81]);
    expect(spriteLayout(10_001, width, height).width).toBeLessThanOrEqual(8192);
  });

  it('returns cells that already fit unchanged', () => {
    expect(fitCellSize(10_000, 28, 28)).toEqual([28, 28]);
  });

  it('keeps the aspect ratio of non-square cells', () => {
    expect(fitCellSize(100, 40, 20, 200)).toEqual([20, 10]);
  });

  it('rejects more images than 1x1 cells can hold', () => {
    expect(() => fitCellSize(101, 4, 4, 10)).toThrow('Pass at most 100 images');
  });
});
