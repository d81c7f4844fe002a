import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { registerWasmTrainingKernels } from '../src/index.js';
import { expectClose, randomTensor, runKernelOn, seededRandom } from './helpers.js';

// This file runs in its own process, so the registry starts with the stock wasm kernels.
const stockKernels = new Map(
  ['Conv2DBackpropInput', 'BatchMatMul', 'MaxPoolGrad'].map((name) => [name, tf.getKernel(name, 'wasm')?.kernelFunc]),
);

describe('registerWasmTrainingKernels only', () => {
  it('registerWasmTrainingKernels only Conv2DBackpropFilter keeps the stock kernels', async () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();

    const registered = registerWasmTrainingKernels({ only: ['Conv2DBackpropFilter'] });

    expect(registered).toEqual(['Conv2DBackpropFilter']);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc.name).toBe('conv2dBackpropFilter');
    for (const [name, stockKernelFunc] of stockKernels) {
      expect(stockKernelFunc, name).toBeDefined();
      expect(tf.getKernel(name, 'wasm')?.kernelFunc, name).toBe(stockKernelFunc);
    }

    const random = seededRandom(21);
    const x = randomTensor(random, [2, 7, 7, 3]);
    const dy = randomTensor(random, [2, 5, 5, 4]);
    const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] };
    const expected = await runKernelOn('cpu', 'Conv2DBackpropFilter', { x, dy }, attrs);
    const actual = await runKernelOn('wasm', 'Conv2DBackpropFilter', { x, dy }, attrs);
    expectClose(actual, expected);
  });

  it('registerWasmTrainingKernels only returns names in package order', () => {
    const registered = registerWasmTrainingKernels({ only: ['MaxPoolGrad', 'BatchMatMul'] });

    // Registration follows the package's order, not the order of the list.
    expect(registered).toEqual(['BatchMatMul', 'MaxPoolGrad']);
    expect(tf.getKernel('MaxPoolGrad', 'wasm')?.kernelFunc.name).toBe('maxPoolGrad');
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(stockKernels.get('Conv2DBackpropInput'));
  });

  it('registerWasmTrainingKernels rejects an unknown kernel name', () => {
    expect(() => registerWasmTrainingKernels({ only: ['Conv2D'] })).toThrow(RangeError);
    expect(() => registerWasmTrainingKernels({ only: ['Conv2D'] })).toThrow(
      'options.only must list kernels among Conv2DBackpropFilter, Conv2DBackpropInput, BatchMatMul, MaxPoolGrad, received ["Conv2D"]',
    );
  });
});
