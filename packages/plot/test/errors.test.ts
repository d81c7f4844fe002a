import { describe, expect, it } from 'vitest';

import { scatterPlot, type ScatterPlotOptions } from '../src/index.js';

const points = { data: new Float32Array([0, 0, 1, 1, 2, 2]), shape: [3, 2] };

describe('scatterPlot errors', () => {
  it.each([
    ['NaN', [0, 0, 1, 1, 2, NaN], /points\.data has NaN at row 2, column 1\. Remove or replace non-finite coordinates/],
    ['Infinity', [0, 0, -Infinity, 1, 2, 2], /points\.data has -Infinity at row 1, column 0\./],
  ])('rejects a %s coordinate with its row and column', (_, values, message) => {
    expect(() => scatterPlot({ data: new Float32Array(values), shape: [3, 2] })).toThrow(message);
  });

  it('accepts a NaN in the third column, which is not drawn', () => {
    expect(() =>
      scatterPlot({ data: new Float32Array([0, 0, NaN, 1, 1, 1]), shape: [2, 3] }, { width: 100, height: 100 }),
    ).not.toThrow();
  });

  it.each([
    [[3, 4], 'points.shape must be [n, 2] or [n, 3], received [3, 4]'],
    [[6], 'points.shape must be [n, 2] or [n, 3], received [6]'],
    [[2, 2], 'points.shape [2, 2] needs 4 values, but points.data has 6'],
  ])('rejects shape %j', (shape, message) => {
    expect(() => scatterPlot({ data: points.data, shape })).toThrow(message);
  });

  it('rejects points.data that is not a Float32Array', () => {
    expect(() => scatterPlot({ data: [0, 0] as unknown as Float32Array, shape: [1, 2] })).toThrow(
      new TypeError('scatterPlot: points.data must be a Float32Array, received Array.'),
    );
  });

  it('rejects a label count different from the point count', () => {
    expect(() => scatterPlot(points, { labels: [0, 1] })).toThrow(
      new RangeError('scatterPlot: labels has 2 entries but points has 3 rows. Pass one label per point.'),
    );
  });

  it.each<[string, ScatterPlotOptions, string]>([
    ['width above 8192', { width: 9000 }, 'scatterPlot: width must be an integer from 100 to 8192, received 9000.'],
    ['fractional height', { height: 300.5 }, 'scatterPlot: height must be an integer from 100 to 8192, received 300.5.'],
    [
      'zero pointRadius',
      { pointRadius: 0 },
      'scatterPlot: pointRadius must be a number greater than 0 and at most 64, received 0.',
    ],
    ['alpha above 1', { alpha: 1.5 }, 'scatterPlot: alpha must be a number greater than 0 and at most 1, received 1.5.'],
    [
      'background with 4 channels',
      { background: [1, 2, 3, 4] as unknown as [number, number, number] },
      'scatterPlot: background must be [r, g, b] with integers 0-255, received [1,2,3,4].',
    ],
    ['infinite seed', { seed: Infinity }, 'scatterPlot: seed must be a finite number, received Infinity.'],
  ])('rejects %s', (_, options, message) => {
    expect(() => scatterPlot(points, options)).toThrow(new RangeError(message));
  });

  it('rejects thumbnails for a different number of points', () => {
    const images = { data: new Uint8Array(2 * 4 * 4), shape: [2, 4, 4] };

    expect(() => scatterPlot(points, { thumbnails: { images } })).toThrow(
      'scatterPlot: thumbnails.images has 2 images but points has 3 rows. Pass one image per point.',
    );
  });

  it('rejects thumbnails with 2 channels', () => {
    const images = { data: new Uint8Array(3 * 4 * 4 * 2), shape: [3, 4, 4, 2] };

    expect(() => scatterPlot(points, { thumbnails: { images } })).toThrow(
      /with positive sizes and 1, 3 or 4 channels, received \[3, 4, 4, 2\]/,
    );
  });

  it('rejects a thumbnail size above a quarter of the image side', () => {
    const images = { data: new Uint8Array(3 * 4 * 4), shape: [3, 4, 4] };

    expect(() => scatterPlot(points, { width: 400, height: 400, thumbnails: { images, size: 101 } })).toThrow(
      'scatterPlot: thumbnails.size must be an integer from 4 to 100, received 101.',
    );
  });
});
