import { Matrix as MlMatrix } from 'ml-matrix';
import { PCA } from 'ml-pca';
import { describe, expect, test } from 'vitest';
import { fitPca, inverseTransform, transform } from '../src/index.js';
import { fitPcaWith } from '../src/fit-pca.js';
import {
  alignedRow,
  decayingSpectrumMatrix,
  downsampleMnist,
  expectClose,
  largestPrincipalAngle,
  mnistImages,
} from './helpers.js';

describe('fitPca exact', () => {
  // 400 MNIST digits at 14 x 14: real pixel data with border columns of zero variance.
  const digits = downsampleMnist(mnistImages(400));
  const reference = new PCA(MlMatrix.from1DArray(400, 196, digits.data), { method: 'SVD', center: true, scale: false });
  const referenceVariance = reference.getEigenvalues();
  const referenceRatio = reference.getExplainedVariance();
  const referenceAxes = reference.getEigenvectors();
  const components = 12;

  test.each([
    { route: 'ml-pca', skipMlPca: false },
    { route: 'Gram matrix', skipMlPca: true },
  ])('matches ml-pca on MNIST digits via $route', async ({ skipMlPca }) => {
    const model = await fitPcaWith(digits, { components, method: 'exact' }, { skipMlPca });

    expect(model.method).toBe('exact');
    expect(model.components.shape).toEqual([components, 196]);
    for (let i = 0; i < components; i++) {
      const relative = Math.abs(model.explainedVariance[i]! - referenceVariance[i]!) / referenceVariance[i]!;
      expect(relative, `explained variance ${i}`).toBeLessThan(1e-4);
      expect(Math.abs(model.explainedVarianceRatio[i]! - referenceRatio[i]!), `ratio ${i}`).toBeLessThan(1e-6);

      const expectedAxis = Float64Array.from({ length: 196 }, (_, j) => referenceAxes.get(j, i));
      expectClose(alignedRow(model.components.data, 196, i, expectedAxis), expectedAxis, 1e-4, `component ${i}`);
    }
  });

  test('ratio sums to 1 with all components', async () => {
    const matrix = decayingSpectrumMatrix(60, 25, 11);
    const model = await fitPca(matrix, { components: 25, method: 'exact' });
    const sum = model.explainedVarianceRatio.reduce((total, value) => total + value, 0);

    expect(sum).toBeCloseTo(1, 6);
  });
});

describe('fitPca randomized', () => {
  const matrix = decayingSpectrumMatrix(2000, 512, 5);

  test('randomized agrees with exact on 2000 x 512 with a decaying spectrum', async () => {
    const exact = await fitPcaWith(matrix, { components: 10, method: 'exact' }, {});
    const randomized = await fitPca(matrix, { components: 10, method: 'randomized', seed: 3 });

    expect(randomized.method).toBe('randomized');
    expectClose(randomized.explainedVarianceRatio, exact.explainedVarianceRatio, 1e-4, 'explained variance ratio');
    expect(Math.abs(randomized.totalVariance - exact.totalVariance) / exact.totalVariance).toBeLessThan(1e-9);
    expect(largestPrincipalAngle(randomized.components.data, exact.components.data, 512, 10)).toBeLessThan(1e-2);
  });

  test('same seed gives bit-identical arrays', async () => {
    const first = await fitPca(matrix, { components: 8, method: 'randomized', seed: 42 });
    const second = await fitPca(matrix, { components: 8, method: 'randomized', seed: 42 });

    expect(second.components.data).toEqual(first.components.data);
    expect(second.singularValues).toEqual(first.singularValues);
    expect(second.mean).toEqual(first.mean);
  });

  test('result does not depend on the thread count', async () => {
    const one = await fitPca(matrix, { components: 8, method: 'randomized', threads: 1 });
    const two = await fitPca(matrix, { components: 8, method: 'randomized', threads: 2 });

    expect(two.components.data).toEqual(one.components.data);
    expect(two.explainedVariance).toEqual(one.explainedVariance);
  });

  test('plain JavaScript kernel agrees with the wasm kernel', async () => {
    const small = decayingSpectrumMatrix(300, 120, 9);
    const wasm = await fitPca(small, { components: 5, method: 'randomized' });
    const js = await fitPcaWith(small, { components: 5, method: 'randomized' }, { kernel: 'js' });

    expectClose(js.explainedVarianceRatio, wasm.explainedVarianceRatio, 1e-5, 'explained variance ratio');
    expect(largestPrincipalAngle(js.components.data, wasm.components.data, 120, 5)).toBeLessThan(1e-3);
  });

  test('auto method follows scikit-learn rule', async () => {
    const large = await fitPca(matrix, { components: 10 });
    const small = await fitPca(decayingSpectrumMatrix(300, 200, 1), { components: 10 });

    expect(large.method).toBe('randomized');
    expect(small.method).toBe('exact');
  });

  test('progress reports centring and every range-finder product', async () => {
    const stages: string[] = [];
    const fractions: number[] = [];
    await fitPca(matrix, {
      components: 4,
      method: 'randomized',
      powerIterations: 2,
      onProgress: (stage, fraction) => {
        stages.push(stage);
        fractions.push(fraction);
      },
    });

    expect(stages[0]).toBe('center');
    expect(stages.filter((stage) => stage === 'range')).toHaveLength(6);
    expect(fractions.at(-1)).toBe(1);
  });
});

describe('fitPca components', () => {
  test('every component has its largest-magnitude loading positive', async () => {
    const matrix = decayingSpectrumMatrix(700, 90, 21);
    for (const method of ['exact', 'randomized'] as const) {
      const model = await fitPca(matrix, { components: 6, method });
      for (let i = 0; i < 6; i++) {
        const row = model.components.data.subarray(i * 90, (i + 1) * 90);
        const largest = row.reduce((best, value) => (Math.abs(value) > Math.abs(best) ? value : best), 0);
        expect(largest, `${method} component ${i}`).toBeGreaterThan(0);
      }
    }
  });

  test.each([
    { label: 'rank 5, 8 columns', rows: 50, cols: 8, rank: 5, components: 8 },
    { label: 'constant columns', rows: 50, cols: 8, rank: 0, components: 8 },
    { label: 'rank 3, 100 of 300 components', rows: 600, cols: 300, rank: 3, components: 100 },
  ])('components stay orthonormal past the rank: $label', async ({ rows, cols, rank, components }) => {
    const matrix = decayingSpectrumMatrix(rows, cols, 4, { rank, noise: 0 });
    for (const method of ['exact', 'randomized'] as const) {
      const model = await fitPcaWith(matrix, { components, method }, { skipMlPca: true });
      const data = model.components.data;
      const gram = new Float64Array(components * components);
      for (let i = 0; i < components; i++) {
        for (let j = 0; j < components; j++) {
          for (let p = 0; p < cols; p++) gram[i * components + j] += data[i * cols + p]! * data[j * cols + p]!;
        }
      }

      const identity = Float64Array.from({ length: components * components }, (_, index) =>
        index % (components + 1) === 0 ? 1 : 0,
      );
      expectClose(gram, identity, 1e-5, `${method}: components times their transpose`);
      expectClose(
        model.explainedVarianceRatio.subarray(rank),
        new Float64Array(components - rank),
        1e-6,
        `${method}: ratio past the rank`,
      );
    }
  });

  test('transform then inverseTransform with all components restores the matrix', async () => {
    const matrix = decayingSpectrumMatrix(120, 30, 8);
    const model = await fitPca(matrix, { components: 30, method: 'exact' });
    const projected = transform(model, matrix);
    const restored = inverseTransform(model, projected);

    expect(projected.shape).toEqual([120, 30]);
    expect(restored.shape).toEqual([120, 30]);
    expectClose(restored.data, matrix.data, 1e-4, 'restored matrix');
  });

  test('transform on the wasm kernel matches the JavaScript loop', async () => {
    const matrix = decayingSpectrumMatrix(1500, 300, 12);
    const model = await fitPca(matrix, { components: 20 });
    const projected = transform(model, matrix);
    const restored = inverseTransform(model, projected);

    const row = 1234;
    for (let i = 0; i < 20; i++) {
      let expected = 0;
      for (let j = 0; j < 300; j++)
        expected += (matrix.data[row * 300 + j]! - model.mean[j]!) * model.components.data[i * 300 + j]!;
      expect(projected.data[row * 20 + i]).toBeCloseTo(expected, 4);
    }
    let expectedValue = model.mean[7]!;
    for (let i = 0; i < 20; i++) expectedValue += projected.data[row * 20 + i]! * model.components.data[i * 300 + 7]!;
    expect(restored.data[row * 300 + 7]).toBeCloseTo(expectedValue, 4);
  });
});
