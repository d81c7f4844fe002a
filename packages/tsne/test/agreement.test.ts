import { describe, expect, it } from 'vitest';

import { knnLabelAgreement } from '../src/index.js';

/** Points on a line at 0, 1, 2, 10, 11, 12 (one column). */
const line = { data: Float32Array.from([0, 1, 2, 10, 11, 12]), shape: [6, 1] };

describe(knnLabelAgreement, () => {
  it('is 1 when every neighbour shares the label', () => {
    expect(knnLabelAgreement(line, [0, 0, 0, 1, 1, 1], 2)).toBe(1);
  });

  it('counts agreeing pairs on a hand-checked line', () => {
    // Neighbours (k = 2): 0 -> 1, 2; 1 -> 0, 2; 2 -> 1, 0; 3 -> 4, 5; 4 -> 3, 5; 5 -> 4, 3.
    // Labels 0, 0, 1, 1, 1, 1 agree on 1 + 1 + 0 + 2 + 2 + 2 = 8 of 12 pairs.
    expect(knnLabelAgreement(line, [0, 0, 1, 1, 1, 1], 2)).toBeCloseTo(8 / 12, 12);
  });

  it('uses k nearest neighbours excluding the point itself', () => {
    // k = 1: 0 -> 1, 1 -> 0 (tie with 2: the lower index wins), 2 -> 1, 3 -> 4, 4 -> 3, 5 -> 4.
    // Labels 0, 1, 1, 0, 0, 0 agree for 2 -> 1, 3 -> 4, 4 -> 3, 5 -> 4.
    expect(knnLabelAgreement(line, [0, 1, 1, 0, 0, 0], 1)).toBeCloseTo(4 / 6, 12);
  });

  it('measures Euclidean distance over all columns', () => {
    // Point 0 is nearest to 1 in the first column but to 2 in two columns.
    const points = { data: Float32Array.from([0, 0, 1, 5, 2, 0.5]), shape: [3, 2] };
    expect(knnLabelAgreement(points, [7, 8, 7], 1)).toBeCloseTo(2 / 3, 12);
  });

  it('defaults to 10 neighbours', () => {
    const data = Float32Array.from({ length: 22 }, (_, i) => (i < 11 ? i : 100 + i));
    const labels = Array.from({ length: 22 }, (_, i) => (i < 11 ? 0 : 1));
    expect(knnLabelAgreement({ data, shape: [22, 1] }, labels)).toBe(1);
  });

  it('rejects k outside 1 to n - 1', () => {
    expect(() => knnLabelAgreement(line, [0, 0, 0, 1, 1, 1], 6)).toThrow(
      'knnLabelAgreement: k must be an integer from 1 to 5; received 6.',
    );
    expect(() => knnLabelAgreement(line, [0, 0, 0, 1, 1, 1], 0)).toThrow(RangeError);
  });

  it('rejects labels of the wrong length', () => {
    expect(() => knnLabelAgreement(line, [0, 1], 2)).toThrow(
      'knnLabelAgreement: labels must have one entry per row of points (6); received 2.',
    );
  });

  it('rejects non-finite points with row and column', () => {
    const points = { data: Float32Array.from([0, 1, 2, NaN]), shape: [2, 2] };
    expect(() => knnLabelAgreement(points, [0, 1], 1)).toThrow(
      'knnLabelAgreement: points contains NaN at row 1, column 1; all values must be finite.',
    );
  });
});
