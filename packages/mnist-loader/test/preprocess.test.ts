import { describe, expect, test } from 'vitest';
import { normalizeImages, oneHot } from '../src/index.js';
import { thrownBy } from './idx-writer.js';

describe(normalizeImages, () => {
  test('normalizeImages maps 0..255 to [0, 1] as pixel / 255', () => {
    const pixels = Uint8Array.from({ length: 256 }, (_, i) => i);

    const { data, shape } = normalizeImages(pixels, 4, 8, 8);

    expect(shape).toEqual([4, 8, 8, 1]);
    expect(data).toBeInstanceOf(Float32Array);
    expect(data[0]).toBe(0);
    expect(data[255]).toBe(1);
    for (let i = 0; i < 256; i++) expect(data[i]).toBe(Math.fround(i / 255));
  });

  test('normalizeImages values stay within [0, 1]', () => {
    const pixels = Uint8Array.from({ length: 3 * 5 * 7 }, (_, i) => (i * 37) % 256);

    const { data } = normalizeImages(pixels, 3, 5, 7);

    expect(Math.min(...data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...data)).toBeLessThanOrEqual(1);
  });

  test('normalizeImages rejects a wrong pixel count', () => {
    const error = thrownBy(() => normalizeImages(new Uint8Array(1000), 10, 28, 28));

    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe(
      'normalizeImages: images has 1000 pixels, but count x height x width is 10 x 28 x 28 = 7840. ' +
        'Pass the sizes of the split the images came from.',
    );
  });

  test('normalizeImages rejects a negative height', () => {
    const error = thrownBy(() => normalizeImages(new Uint8Array(0), 1, -28, 28));

    expect(error.message).toBe('normalizeImages: height must be a non-negative integer, received -28.');
  });
});

describe(oneHot, () => {
  test('oneHot sets one 1 per row at the label', () => {
    const labels = Uint8Array.from([5, 0, 9, 3]);

    const { data, shape } = oneHot(labels);

    expect(shape).toEqual([4, 10]);
    for (let row = 0; row < 4; row++) {
      const values = Array.from(data.subarray(row * 10, row * 10 + 10));
      expect(values.indexOf(1)).toBe(labels[row]);
      expect(values.reduce((a, b) => a + b)).toBe(1);
    }
  });

  test('oneHot with 3 classes', () => {
    const { data, shape } = oneHot(Uint8Array.from([2, 1]), 3);

    expect(shape).toEqual([2, 3]);
    expect(Array.from(data)).toEqual([0, 0, 1, 0, 1, 0]);
  });

  test('oneHot rejects a label not below numClasses', () => {
    const error = thrownBy(() => oneHot(Uint8Array.from([1, 2, 12]), 10));

    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe(
      'oneHot: the label at index 2 is 12, but labels must be below numClasses (10). ' +
        'Pass numClasses of at least 13 or fix the labels.',
    );
  });

  test('oneHot rejects numClasses 0', () => {
    const error = thrownBy(() => oneHot(Uint8Array.from([0]), 0));

    expect(error.message).toBe('oneHot: numClasses must be a positive integer, received 0.');
  });
});
