import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';

import { batchMatMulConfig } from './batch-mat-mul.js';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { ownKernelFuncs, stockKernelConfig } from './stock-kernels.js';

/** Stock 'wasm' kernels that our kernels call. */
const stockKernelsUsed = ['Transpose', 'Reshape', 'Reverse', 'PadV2', 'Slice', 'Conv2D', 'BatchMatMul', 'AddN'];

/** Our kernels, in registration order. */
const trainingKernelConfigs: KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  batchMatMulConfig,
  maxPoolGradConfig,
];

/** Options of {@link registerWasmTrainingKernels}. */
export interface RegisterWasmTrainingKernelsOptions {
  /**
   * Names of the kernels to register, for example `['Conv2DBackpropFilter']` to measure the stock
   * kernels with only the missing one added. Kernels left out keep whatever is registered for
   * them now. @default all four: Conv2DBackpropFilter, Conv2DBackpropInput, BatchMatMul, MaxPoolGrad
   */
  only?: string[];
}

/**
 * Registers this package's training kernels for the 'wasm' backend: Conv2DBackpropFilter (which
 * tfjs-backend-wasm 4.22 lacks), and Conv2DBackpropInput, BatchMatMul and MaxPoolGrad (which replace
 * slower stock kernels). The first three are built from stock XNNPACK-backed wasm kernels, and
 * MaxPoolGrad is a loop over the wasm heap. Calling it again does nothing new, and it works
 * before or after `tf.setBackend('wasm')`.
 *
 * `@tensorflow/tfjs-backend-wasm` must have been imported first (`selectBackend` does that).
 *
 * @param options.only - the kernels to register; by default all four.
 * @returns the names of the kernels that are now ours, e.g. `['Conv2DBackpropFilter', ...]`.
 * @throws RangeError when `options.only` names a kernel that this package does not provide.
 * @throws Error when the 'wasm' backend's stock kernels are not registered.
 */
export function registerWasmTrainingKernels(options: RegisterWasmTrainingKernelsOptions = {}): string[] {
  const known = trainingKernelConfigs.map((config) => config.kernelName);
  const { only = known } = options;
  if (!Array.isArray(only) || only.some((kernelName) => !known.includes(kernelName))) {
    throw new RangeError(
      `registerWasmTrainingKernels: options.only must list kernels among ${known.join(', ')}, received ${JSON.stringify(only)}.`,
    );
  }

  for (const kernelName of stockKernelsUsed) {
    stockKernelConfig(kernelName);
  }

  const selected = trainingKernelConfigs.filter((config) => only.includes(config.kernelName));
  for (const config of selected) {
    const current = getKernel(config.kernelName, 'wasm');
    if (current !== undefined && ownKernelFuncs.has(current.kernelFunc)) {
      continue;
    }

    if (current !== undefined) {
      unregisterKernel(config.kernelName, 'wasm');
    }

    // The stock kernel's setup (its cwrap of the wasm export) must still run when the backend
    // initializes, because our kernel calls the stock one for some cases.
    registerKernel({ ...config, setupFunc: current?.setupFunc });
    ownKernelFuncs.add(config.kernelFunc);
  }

  return selected.map((config) => config.kernelName);
}
