import { describe, expect, test } from 'vitest';
import { fitPca, inverseTransform, transform } from '../src/index.js';
import type { Matrix } from '../src/index.js';

const valid: Matrix = { data: Float32Array.from({ length: 12 }, (_, index) => Math.sin(index)), shape: [4, 3] };

describe('fitPca rejects', () => {
  test.each([
    {
      label: 'zero rows',
      matrix: { data: new Float32Array(0), shape: [0, 3] },
      message: /at least one row and one column; received shape \[0, 3\]/,
    },
    {
      label: 'zero columns',
      matrix: { data: new Float32Array(0), shape: [5, 0] },
      message: /at least one row and one column; received shape \[5, 0\]/,
    },
    {
      label: 'data length mismatch',
      matrix: { data: new Float32Array(11), shape: [4, 3] },
      message: /11 values but shape \[4, 3\] needs 12/,
    },
    {
      label: 'non-integer shape',
      matrix: { data: new Float32Array(12), shape: [4, 3.5] },
      message: /shape must be \[rows, columns\] with whole numbers; received \[4,3.5\]/,
    },
    {
      label: 'a Float64Array',
      matrix: { data: new Float64Array(12), shape: [4, 3] } as unknown as Matrix,
      message: /must be a Float32Array; received Float64Array/,
    },
  ])('$label', async ({ matrix, message }) => {
    await expect(fitPca(matrix as Matrix, { components: 1 })).rejects.toThrow(message);
  });

  test.each([
    {
      components: 0,
      message:
        /components must be a whole number from 1 to min\(rows, columns\) = 3; received 0\. Pass a whole number of at least 1/,
    },
    { components: 4, message: /from 1 to min\(rows, columns\) = 3; received 4\. Lower components to at most 3/ },
    { components: 1.5, message: /received 1\.5\. Pass a whole number of at least 1/ },
  ])('components = $components', async ({ components, message }) => {
    await expect(fitPca(valid, { components })).rejects.toThrow(RangeError);
    await expect(fitPca(valid, { components })).rejects.toThrow(message);
  });

  test('unknown method', async () => {
    const options = { components: 1, method: 'svd' as 'exact' };
    await expect(fitPca(valid, options)).rejects.toThrow(/method must be one of 'auto', 'exact', 'randomized'; received "svd"/);
  });

  test.each([
    { option: 'powerIterations', value: -1 },
    { option: 'oversamples', value: 2.5 },
    { option: 'seed', value: Number.NaN },
    { option: 'threads', value: 0 },
  ])('$option = $value', async ({ option, value }) => {
    await expect(fitPca(valid, { components: 1, [option]: value })).rejects.toThrow(
      new RegExp(`options\\.${option} must be a whole number`),
    );
  });

  test.each([
    { label: 'NaN', value: Number.NaN, method: 'exact' as const },
    { label: 'infinity', value: Number.POSITIVE_INFINITY, method: 'randomized' as const },
  ])('$label with its row and column ($method)', async ({ value, method }) => {
    const data = Float32Array.from({ length: 600 * 5 }, (_, index) => index % 7);
    data[417 * 5 + 3] = value;
    await expect(fitPca({ data, shape: [600, 5] }, { components: 2, method })).rejects.toThrow(
      new RegExp(`contains ${value} at row 417, column 3; PCA needs finite values`),
    );
  });
});

describe('transform rejects', () => {
  test('wrong column count', async () => {
    const model = await fitPca(valid, { components: 2 });
    const wide = { data: new Float32Array(8), shape: [2, 4] };

    expect(() => transform(model, wide)).toThrow(
      /matrix has 4 columns but the model was fitted on 3; pass a matrix with 3 columns/,
    );
  });

  test('NaN with its row and column', async () => {
    const model = await fitPca(valid, { components: 2 });
    const data = new Float32Array(6);
    data[4] = Number.NaN;

    expect(() => transform(model, { data, shape: [2, 3] })).toThrow(/contains NaN at row 1, column 1/);
  });

  test('inverseTransform with the wrong component count', async () => {
    const model = await fitPca(valid, { components: 2 });

    expect(() => inverseTransform(model, { data: new Float32Array(9), shape: [3, 3] })).toThrow(
      /projected has 3 columns but the model has 2 components; pass a matrix with 2 columns/,
    );
  });
});
