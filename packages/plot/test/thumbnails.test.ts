import { describe, expect, it } from 'vitest';

import { scatterPlot } from '../src/index.js';
import { decode } from './decode.js';

/** Returns `side * side` points on a regular grid, two columns each. */
function grid(side: number): Float32Array {
  const data = new Float32Array(side * side * 2);
  for (let i = 0; i < side * side; i++) {
    data[i * 2] = i % side;
    data[i * 2 + 1] = Math.floor(i / side);
  }
  return data;
}

describe('scatterPlot thumbnails', () => {
  it('draws the requested number without overlaps', () => {
    const count = 100;
    const images = new Uint8Array(count * 8 * 8);
    const plot = scatterPlot(
      { data: grid(10), shape: [count, 2] },
      { width: 400, height: 400, thumbnails: { images: { data: images, shape: [count, 8, 8] }, count: 12, size: 20 } },
    );

    expect(decode(plot.png).find([0, 0, 0]).length).toBe(12 * 20 * 20);
  });

  it('draws fewer when no more fit', () => {
    const count = 100;
    const images = new Uint8Array(count * 4 * 4);
    const plot = scatterPlot(
      { data: grid(10), shape: [count, 2] },
      { width: 200, height: 200, thumbnails: { images: { data: images, shape: [count, 4, 4] }, count: 100, size: 40 } },
    );
    const drawn = decode(plot.png).find([0, 0, 0]).length / (40 * 40);

    expect(Number.isInteger(drawn)).toBe(true);
    expect(drawn).toBeGreaterThanOrEqual(4);
    expect(drawn).toBeLessThan(16);
  });

  it('spreads thumbnails over separate clusters', () => {
    const data = new Float32Array(2000 * 2);
    for (let i = 0; i < 2000; i++) {
      // 1,900 points in one dense cluster at (0, 0) and 100 at (10, 10).
      const far = i >= 1900;
      data[i * 2] = (far ? 10 : 0) + (i % 7) * 0.01;
      data[i * 2 + 1] = (far ? 10 : 0) + (i % 11) * 0.01;
    }
    const images = new Uint8Array(2000 * 4 * 4);
    const plot = decode(
      scatterPlot(
        { data, shape: [2000, 2] },
        { width: 300, height: 300, thumbnails: { images: { data: images, shape: [2000, 4, 4] }, count: 2, size: 16 } },
      ).png,
    );
    const black = plot.find([0, 0, 0]);

    expect(black.length).toBe(2 * 16 * 16);
    expect(black.some(([x]) => x < 150)).toBe(true);
    expect(black.some(([x]) => x > 150)).toBe(true);
  });

  it('draws RGB float images with the frame in the category colour', () => {
    const images = new Float32Array(4 * 10 * 10 * 3);
    for (let i = 0; i < images.length; i += 3) {
      images[i] = 1;
      images[i + 1] = 0.5;
    }
    const plot = decode(
      scatterPlot(
        { data: new Float32Array([0, 0, 10, 0, 0, 10, 10, 10]), shape: [4, 2] },
        {
          labels: [0, 1, 0, 1],
          legend: false,
          width: 300,
          height: 300,
          thumbnails: { images: { data: images, shape: [4, 10, 10, 3] }, size: 30 },
        },
      ).png,
    );

    expect(plot.find([255, 128, 0]).length).toBe(4 * 30 * 30);
    expect(plot.find([31, 119, 180]).length).toBeGreaterThanOrEqual(2 * 4 * 31 * 2);
  });

  it('blends RGBA images over the background', () => {
    const images = new Uint8Array(1 * 2 * 2 * 4).fill(0);
    const plot = decode(
      scatterPlot(
        { data: new Float32Array([0, 0]), shape: [1, 2] },
        {
          width: 200,
          height: 200,
          background: [10, 20, 30],
          thumbnails: { images: { data: images, shape: [1, 2, 2, 4] }, size: 20 },
        },
      ).png,
    );

    expect(plot.find([10, 20, 30]).length).toBeGreaterThan(200 * 200 - 2000);
  });

  it('is the same for the same seed', () => {
    const options = (seed: number) => ({
      seed,
      width: 300,
      height: 300,
      thumbnails: { images: { data: new Uint8Array(100 * 4), shape: [100, 2, 2] }, count: 5, size: 12 },
    });

    expect(
      scatterPlot({ data: grid(10), shape: [100, 2] }, options(3)).png.equals(
        scatterPlot({ data: grid(10), shape: [100, 2] }, options(3)).png,
      ),
    ).toBe(true);
    expect(
      scatterPlot({ data: grid(10), shape: [100, 2] }, options(3)).png.equals(
        scatterPlot({ data: grid(10), shape: [100, 2] }, options(4)).png,
      ),
    ).toBe(false);
  });
});
