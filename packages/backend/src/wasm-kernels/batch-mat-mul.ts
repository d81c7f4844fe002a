import { BatchMatMul, broadcast_util } from '@tensorflow/tfjs-core';
import type { BatchMatMulAttrs, BatchMatMulInputs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { stockKernelConfig, WasmKernelCalls, zeros } from './stock-kernels.js';

/** Returns the permutation that swaps the last two axes of a tensor of rank `rank`. */
function swapLastTwoAxes(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, axis) => axis);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/**
 * Tells whether computing the transposed product (B' * A')' moves fewer elements than
 * transposing the operands of A' * B'. Each transpose costs its size, and the plain product
 * also copies its right operand once when XNNPACK packs it.
 */
function transposedProductIsCheaper(m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): boolean {
  const direct = (transposeA ? m * k : 0) + (transposeB ? 2 * n * k : n * k);
  const swapped = (transposeA ? 0 : m * k) + m * k + (transposeB ? 0 : n * k) + m * n;
  return swapped < direct;
}

/**
 * Multiplies batched matrices. With `transposeA` or `transposeB` it transposes explicitly and
 * then runs the plain product, because tfjs-backend-wasm 4.22 sends transposed operands down a
 * slow path (about 0.6 GFLOP/s against 28 GFLOP/s for the plain product). It either transposes
 * the operands or, when that moves fewer elements, computes (B' * A')' instead of A' * B'.
 */
function batchMatMul(args: { inputs: BatchMatMulInputs; backend: BackendWasm; attrs: BatchMatMulAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { transposeA, transposeB } = attrs;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;

  const [aRows, aColumns] = a.shape.slice(-2);
  const [bRows, bColumns] = b.shape.slice(-2);
  const m = transposeA ? aColumns : aRows;
  const k = transposeA ? aRows : aColumns;
  const n = transposeB ? bRows : bColumns;

  // XNNPACK rejects an empty inner dimension, and the stock kernel then returns uninitialized
  // memory: the product of empty matrices is zeros.
  if (k === 0) {
    const batchShape = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    return zeros(backend, [...batchShape, m, n]);
  }

  if (!transposeA && !transposeB) {
    return stockKernelConfig(BatchMatMul).kernelFunc(args as never) as TensorInfo;
  }

  const calls = new WasmKernelCalls(backend);
  const swap = (x: TensorInfo) => calls.transpose(x, swapLastTwoAxes(x.shape.length));

  if (!transposedProductIsCheaper(m, k, n, transposeA, transposeB)) {
    const plainA = transposeA ? swap(a) : a;
    const plainB = transposeB ? swap(b) : b;
    const product = calls.batchMatMul(plainA, plainB);
    if (transposeA) {
      calls.dispose(plainA);
    }
    if (transposeB) {
      calls.dispose(plainB);
    }
    return product;
  }

  // (A' * B')' = B'' * A'', where B'' is B transposed unless transposeB was set, and likewise A''.
  const left = transposeB ? b : swap(b);
  const right = transposeA ? a : swap(a);
  const transposedProduct = calls.batchMatMul(left, right);
  if (!transposeB) {
    calls.dispose(left);
  }
  if (!transposeA) {
    calls.dispose(right);
  }
  const product = swap(transposedProduct);
  calls.dispose(transposedProduct);
  return product;
}

/** BatchMatMul for the 'wasm' backend that keeps transposed operands on the fast path. */
export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as KernelFunc,
};
