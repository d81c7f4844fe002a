import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

import { PALETTE, scatterPlot } from '../src/index.js';
import { planLayout, plotInset } from '../src/layout.js';
import { categoryColours } from '../src/palette.js';
import { projectPoints } from '../src/points.js';
import { centroid, decode } from './decode.js';

const WHITE = [255, 255, 255];

/** Returns `count` points of a seeded blob around (`x`, `y`), two columns each. */
function blob(count: number, x: number, y: number, spread: number, seed: number): number[] {
  const values: number[] = [];
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  for (let i = 0; i < count; i++) {
    values.push(x + next() * spread, y + next() * spread);
  }
  return values;
}

describe(scatterPlot, () => {
  it('writes an RGB PNG of the requested size', () => {
    const plot = scatterPlot({ data: new Float32Array([0, 0, 1, 1]), shape: [2, 2] }, { width: 640, height: 480 });
    const png = PNG.sync.read(plot.png);

    expect([plot.width, plot.height]).toEqual([640, 480]);
    expect([png.width, png.height]).toEqual([640, 480]);
    expect(png.colorType).toBe(2);
    expect(decode(plot.png).pixel(0, 0)).toEqual(WHITE);
  });

  it('defaults to 1200 x 1200 px', () => {
    const plot = decode(scatterPlot({ data: new Float32Array([0, 0]), shape: [1, 2] }).png);

    expect([plot.width, plot.height]).toEqual([1200, 1200]);
  });

  it('colours each point with its category colour', () => {
    const data = new Float32Array([0, 0, 10, 0, 5, 8]);
    const options = { labels: [0, 1, 2], alpha: 1, pointRadius: 5, legend: false, width: 300, height: 300 };
    const plot = decode(scatterPlot({ data, shape: [3, 2] }, options).png);
    const layout = planLayout(300, 300, undefined, undefined);
    const pixels = projectPoints({ data, shape: [3, 2] }, 3, 2, layout.plot, plotInset(layout, 5));

    for (let point = 0; point < 3; point++) {
      const x = Math.floor(pixels[point * 2]);
      const y = Math.floor(pixels[point * 2 + 1]);
      expect(plot.pixel(x, y)).toEqual([...PALETTE[point]]);
      expect(plot.find(PALETTE[point]).length).toBeGreaterThan(60);
    }
  });

  it('keeps the aspect ratio and points the y axis up', () => {
    const data = new Float32Array([0, 0, 10, 0, 0, 5]);
    const plot = decode(
      scatterPlot(
        { data, shape: [3, 2] },
        { labels: ['origin', 'right', 'up'], legend: false, alpha: 1, pointRadius: 4, width: 500, height: 300 },
      ).png,
    );
    const [origin, right, up] = [0, 1, 2].map((category) => centroid(plot.find(PALETTE[category])));

    const xDistance = right[0] - origin[0];
    const yDistance = origin[1] - up[1];
    expect(xDistance).toBeGreaterThan(100);
    expect(yDistance).toBeCloseTo(xDistance / 2, -0.5);
    expect(Math.abs(up[0] - origin[0])).toBeLessThan(1);
    expect(Math.abs(right[1] - origin[1])).toBeLessThan(1);
  });

  it('draws the third column of [n, 3] points nowhere', () => {
    const flat = scatterPlot({ data: new Float32Array([0, 0, 1, 1]), shape: [2, 2] }, { width: 200, height: 200 });
    const deep = scatterPlot({ data: new Float32Array([0, 0, 50, 1, 1, -7]), shape: [2, 3] }, { width: 200, height: 200 });

    expect(deep.png.equals(flat.png)).toBe(true);
  });

  it('clamps far outliers to the frame edge', () => {
    const values = blob(1000, 0, 0, 1, 3);
    values.push(1e6, 0);
    const labels = [...new Array<number>(1000).fill(0), 1];
    const plot = decode(
      scatterPlot(
        { data: new Float32Array(values), shape: [1001, 2] },
        { labels, alpha: 1, legend: false, width: 400, height: 400 },
      ).png,
    );
    const layout = planLayout(400, 400, undefined, undefined);
    const cluster = plot.find(PALETTE[0]);
    const outlier = centroid(plot.find(PALETTE[1]));

    const clusterWidth = Math.max(...cluster.map(([x]) => x)) - Math.min(...cluster.map(([x]) => x));
    expect(clusterWidth).toBeGreaterThan(layout.plot.width * 0.8);
    const rightEdge = layout.plot.x + layout.plot.width - plotInset(layout, 2);
    expect(Math.abs(outlier[0] - rightEdge)).toBeLessThan(1);
  });

  it('draws categories in a seeded random order', () => {
    const values = [...blob(2000, 0, 0, 1, 5), ...blob(2000, 0, 0, 1, 6)];
    const labels = Array.from({ length: 4000 }, (_, i) => (i < 2000 ? 'first' : 'second'));
    const points = { data: new Float32Array(values), shape: [4000, 2] };
    const draw = (seed: number) => scatterPlot(points, { labels, seed, alpha: 1, pointRadius: 3, width: 300, height: 300 }).png;

    const plot = decode(draw(1));
    const first = plot.find(PALETTE[0]).length;
    const second = plot.find(PALETTE[1]).length;
    expect(draw(1).equals(draw(1))).toBe(true);
    expect(draw(1).equals(draw(2))).toBe(false);
    expect(first / second).toBeGreaterThan(0.7);
    expect(first / second).toBeLessThan(1.4);
  });

  it('blends overlapping discs with alpha', () => {
    const points = { data: new Float32Array([0, 0, 0, 0, 1, 1]), shape: [3, 2] };
    const plot = decode(scatterPlot(points, { alpha: 0.5, pointRadius: 6, width: 200, height: 200 }).png);
    const layout = planLayout(200, 200, undefined, undefined);
    const pixels = projectPoints(points, 3, 2, layout.plot, plotInset(layout, 6));
    const [x, y] = [Math.floor(pixels[0]), Math.floor(pixels[1])];
    const colour = PALETTE[0];

    const once = colour.map((channel) => Math.round(255 + (channel - 255) * 0.5));
    const twice = colour.map((channel, i) => Math.round(once[i] + (channel - once[i]) * 0.5));
    expect(plot.pixel(x, y)).toEqual(twice);
  });

  it('draws the legend strip with a swatch per category', () => {
    const data = new Float32Array(blob(300, 0, 0, 4, 9));
    const labels = Array.from({ length: 300 }, (_, i) => i % 3);
    const plot = decode(scatterPlot({ data, shape: [300, 2] }, { labels, width: 600, height: 400 }).png);
    const entries = [0, 1, 2].map((index) => ({ name: String(index), count: 100, colour: PALETTE[index] }));
    const layout = planLayout(600, 400, undefined, entries);
    const strip = layout.legend!;

    for (const category of [0, 1, 2]) {
      expect(plot.find(PALETTE[category], strip).length).toBeGreaterThanOrEqual(14 * 14);
    }
    expect(plot.find([34, 34, 34], strip).length).toBeGreaterThan(20);
  });

  it('leaves out the legend when legend is false', () => {
    const data = new Float32Array(blob(300, 0, 0, 4, 9));
    const labels = Array.from({ length: 300 }, (_, i) => i % 3);
    const plot = decode(scatterPlot({ data, shape: [300, 2] }, { labels, legend: false, width: 600, height: 400 }).png);
    const layout = planLayout(600, 400, undefined, undefined);

    expect(layout.legend).toBeUndefined();
    expect(plot.find([34, 34, 34]).length).toBe(0);
  });

  it('lists the categories that do not fit as "+N more"', () => {
    const names = Array.from({ length: 100 }, (_, i) => `class${i}`);
    const labels = Array.from({ length: 400 }, (_, i) => names[i % 100]);
    const plot = decode(
      scatterPlot({ data: new Float32Array(blob(400, 0, 0, 4, 2)), shape: [400, 2] }, { labels, width: 400, height: 300 }).png,
    );
    const colours = categoryColours(names);
    const entries = names.map((name, index) => ({ name, count: 4, colour: colours[index] }));
    const strip = planLayout(400, 300, undefined, entries).legend!;
    const swatches = colours.map((colour) => plot.find(colour, strip).length >= 14 * 14);
    const shownRows = swatches.indexOf(false);

    expect(shownRows).toBeGreaterThan(3);
    expect(swatches.slice(shownRows).every((drawn) => !drawn)).toBe(true);
    const lastRow = { x: strip.x, y: strip.y + 6 * 2 + shownRows * 24, width: strip.width, height: 14 };
    const muted = Math.round(34 + (255 - 34) * 0.45);
    expect(plot.find([muted, muted, muted], lastRow).length).toBeGreaterThan(20);
  });

  it('draws the title in the top band', () => {
    const points = { data: new Float32Array([0, 0, 1, 1]), shape: [2, 2] };
    const titled = decode(scatterPlot(points, { title: 'MNIST', width: 400, height: 400 }).png);
    const plain = decode(scatterPlot(points, { width: 400, height: 400 }).png);
    const band = { x: 0, y: 0, width: 400, height: 30 };

    expect(titled.find([34, 34, 34], band).length).toBeGreaterThan(100);
    expect(plain.find([34, 34, 34], band).length).toBe(0);
  });

  it('draws on a dark background with light text', () => {
    const plot = decode(
      scatterPlot(
        { data: new Float32Array([0, 0]), shape: [1, 2] },
        { title: 'dark', background: [0, 0, 0], width: 300, height: 300 },
      ).png,
    );

    expect(plot.pixel(0, 0)).toEqual([0, 0, 0]);
    expect(plot.find([230, 230, 230]).length).toBeGreaterThan(50);
  });

  it('plots zero points as an empty frame', () => {
    const plot = decode(scatterPlot({ data: new Float32Array(0), shape: [0, 2] }, { labels: [], width: 200, height: 200 }).png);

    expect(plot.width).toBe(200);
  });
});
