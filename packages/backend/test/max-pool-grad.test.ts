import { beforeAll, describe, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';

import { expectClose, formatPad, randomInteger, randomTensor, runKernelOn, seededRandom, setUpBackends } from './helpers.js';
import type { TensorData } from './helpers.js';

beforeAll(setUpBackends);

/** One max pool: input shape (NHWC), window, strides, padding and rounding. */
interface PoolCase {
  x: [number, number, number, number];
  filterSize: [number, number];
  strides: [number, number];
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const handPickedCases: PoolCase[] = [
  { x: [2, 24, 24, 8], filterSize: [3, 3], strides: [3, 3], pad: 'valid' },
  { x: [2, 6, 6, 5], filterSize: [3, 3], strides: [3, 3], pad: 'valid' },
  { x: [2, 9, 9, 3], filterSize: [3, 3], strides: [2, 2], pad: 'same' },
  { x: [3, 7, 10, 2], filterSize: [2, 3], strides: [1, 2], pad: 'valid' },
  { x: [1, 8, 8, 4], filterSize: [3, 3], strides: [1, 1], pad: 'same' },
  { x: [2, 7, 7, 3], filterSize: [3, 3], strides: [2, 2], pad: 1, dimRoundingMode: 'ceil' },
  { x: [1, 5, 5, 1], filterSize: [5, 5], strides: [1, 1], pad: 'valid' },
  { x: [0, 6, 6, 2], filterSize: [3, 3], strides: [3, 3], pad: 'valid' },
];

/** Seeded random cases: batch 1-3, sizes 3-12, channels 1-7, windows 1-4, strides 1-4. */
function randomCases(seed: number, count: number): PoolCase[] {
  const random = seededRandom(seed);
  const cases: PoolCase[] = [];
  for (let i = 0; i < count; i++) {
    const filterSize: [number, number] = [randomInteger(random, 1, 4), randomInteger(random, 1, 4)];
    cases.push({
      x: [
        randomInteger(random, 1, 3),
        randomInteger(random, filterSize[0], 12),
        randomInteger(random, filterSize[1], 12),
        randomInteger(random, 1, 7),
      ],
      filterSize,
      strides: [randomInteger(random, 1, 4), randomInteger(random, 1, 4)],
      pad: random() < 0.5 ? 'valid' : 'same',
    });
  }
  return cases;
}

/** Rounds values to multiples of 0.25 and zeroes the negative ones, so that windows contain ties as ReLU outputs do. */
function withTies(tensor: TensorData): TensorData {
  return { data: tensor.data.map((value) => Math.max(0, Math.round(value * 4) / 4)), shape: tensor.shape };
}

describe('MaxPoolGrad on wasm matches cpu', () => {
  it('maxPoolGrad x=[1,6,6,2] window=[3,3] s=[3,3] with NaN and -Infinity', async () => {
    const random = seededRandom(400);
    const x = randomTensor(random, [1, 6, 6, 2]);
    // Channel 0: a NaN before the maximum in the first window, only NaN in the second window,
    // only -Infinity in the third. Channel 1 keeps its random values.
    x.data[0] = NaN;
    for (const [row, column] of [
      [0, 3],
      [0, 4],
      [0, 5],
      [1, 3],
      [1, 4],
      [1, 5],
      [2, 3],
      [2, 4],
      [2, 5],
    ]) {
      x.data[(row * 6 + column) * 2] = NaN;
      x.data[((row + 3) * 6 + column - 3) * 2] = -Infinity;
    }
    const dy = randomTensor(random, [1, 2, 2, 2]);
    const attrs = { filterSize: [3, 3], strides: [3, 3], pad: 'valid' };
    const output = await runKernelOn('cpu', 'MaxPool', { x }, attrs);

    const expected = await runKernelOn('cpu', 'MaxPoolGrad', { dy, input: x, output }, attrs);
    const actual = await runKernelOn('wasm', 'MaxPoolGrad', { dy, input: x, output }, attrs);

    expectClose(actual, expected, 1e-6);
  });

  for (const [index, poolCase] of [...handPickedCases, ...randomCases(77, 10)].entries()) {
    const { x: xShape, filterSize, strides, pad, dimRoundingMode } = poolCase;
    const title = `maxPoolGrad x=[${xShape}] window=[${filterSize}] s=[${strides}] ${formatPad(pad)}${dimRoundingMode ? ` ${dimRoundingMode}` : ''}`;

    for (const ties of [false, true]) {
      it(`${title}${ties ? ' with ties' : ''}`, async () => {
        const random = seededRandom(300 + index);
        const x = ties ? withTies(randomTensor(random, xShape)) : randomTensor(random, xShape);
        const outShape = tf.backend_util.computePool2DInfo(xShape, filterSize, strides, 1, pad, dimRoundingMode).outShape;
        const dy = randomTensor(random, outShape);
        const output = await runKernelOn('cpu', 'MaxPool', { x }, { filterSize, strides, pad, dimRoundingMode });
        const attrs = { filterSize, strides, pad, dimRoundingMode };

        const expected = await runKernelOn('cpu', 'MaxPoolGrad', { dy, input: x, output }, attrs);
        const actual = await runKernelOn('wasm', 'MaxPoolGrad', { dy, input: x, output }, attrs);

        expectClose(actual, expected, 1e-5);
      });
    }
  }
});
