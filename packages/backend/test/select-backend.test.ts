import { createRequire } from 'node:module';

import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { registerWasmTrainingKernels, selectBackend } from '../src/index.js';
import type { BackendRequest } from '../src/index.js';
import { expectClose, randomTensor, runKernelOn, seededRandom } from './helpers.js';

const trainingKernels = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul', 'MaxPoolGrad'];

/** Tells whether an npm package can be resolved from this package. */
function isInstalled(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}
const tensorflowInstalled = isInstalled('@tensorflow/tfjs-node') || isInstalled('@tensorflow/tfjs-node-gpu');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('selectBackend', () => {
  it.skipIf(tensorflowInstalled)('selectBackend auto picks wasm with the training kernels', async () => {
    const warnings: string[] = [];

    const info = await selectBackend({ onWarning: (message) => warnings.push(message) });

    expect(info.name).toBe('wasm');
    expect(info.requested).toBe('auto');
    expect(info.kernels).toEqual(trainingKernels);
    expect(info.simd).toBe(true);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(tf.getBackend()).toBe('wasm');
    expect(warnings).toEqual([]);
  });

  for (const [request, packageName] of [
    ['tensorflow', '@tensorflow/tfjs-node'],
    ['tensorflow-gpu', '@tensorflow/tfjs-node-gpu'],
  ] as const) {
    it.skipIf(isInstalled(packageName))(`selectBackend ${request} without ${packageName} throws`, async () => {
      const attempt = selectBackend({ backend: request });

      await expect(attempt).rejects.toThrow(`backend '${request}' is not available`);
      await expect(attempt).rejects.toThrow(`npm install ${packageName}`);
      await expect(attempt).rejects.toThrow(`'wasm' or 'cpu'`);
    });
  }

  it('selectBackend rejects an unknown backend name', async () => {
    const attempt = selectBackend({ backend: 'webgl' as BackendRequest });

    await expect(attempt).rejects.toThrow(TypeError);
    await expect(attempt).rejects.toThrow(
      `options.backend must be one of 'auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', received "webgl"`,
    );
  });

  it('selectBackend cpu registers no kernels and prints nothing', async () => {
    const printed = [vi.spyOn(console, 'log'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')];

    const info = await selectBackend({ backend: 'cpu' });
    tf.tidy(() => tf.add(tf.ones([3]), tf.ones([3])).dataSync());

    expect(info).toEqual({ name: 'cpu', requested: 'cpu', kernels: [], simd: false, threads: 1 });
    expect(tf.getBackend()).toBe('cpu');
    for (const spy of printed) {
      expect(spy).not.toHaveBeenCalled();
    }
  });

  it('selectBackend leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;

    await selectBackend({ backend: 'wasm' });
    await selectBackend({ backend: 'cpu' });
    await selectBackend({ backend: 'wasm' });

    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('registerWasmTrainingKernels', () => {
  it('registerWasmTrainingKernels twice keeps working kernels', async () => {
    await selectBackend({ backend: 'cpu' });
    await selectBackend({ backend: 'wasm' });

    const first = registerWasmTrainingKernels();
    const second = registerWasmTrainingKernels();

    expect(first).toEqual(trainingKernels);
    expect(second).toEqual(trainingKernels);
    const random = seededRandom(11);
    const a = randomTensor(random, [6, 4]);
    const b = randomTensor(random, [6, 5]);
    const attrs = { transposeA: true, transposeB: false };
    const expected = await runKernelOn('cpu', 'BatchMatMul', { a, b }, attrs);
    const actual = await runKernelOn('wasm', 'BatchMatMul', { a, b }, attrs);
    expectClose(actual, expected);
  });

  it('registerWasmTrainingKernels replaces the registry entries', async () => {
    await selectBackend({ backend: 'wasm' });
    registerWasmTrainingKernels();

    for (const kernelName of trainingKernels) {
      expect(tf.getKernel(kernelName, 'wasm'), kernelName).toBeDefined();
    }
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc.name).toBe('conv2dBackpropFilter');
    expect(tf.getKernel('MaxPoolGrad', 'wasm')?.kernelFunc.name).toBe('maxPoolGrad');
  });
});
