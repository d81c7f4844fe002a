import { getKernel, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Kernel configs of the 'wasm' backend as tfjs-backend-wasm registered them, by kernel name. */
const stockConfigs = new Map<string, KernelConfig>();

/** Kernel functions that this package registered, so that a second registration never keeps one as "stock". */
export const ownKernelFuncs = new WeakSet<KernelFunc>();

/**
 * Returns the stock 'wasm' kernel config for `kernelName`, remembering it the first time so that
 * our replacements can still call the original after they take its place in the registry.
 *
 * @throws Error when the 'wasm' backend has no such kernel (tfjs-backend-wasm not imported yet).
 */
export function stockKernelConfig(kernelName: string): KernelConfig {
  const remembered = stockConfigs.get(kernelName);
  if (remembered !== undefined) {
    return remembered;
  }

  const config = getKernel(kernelName, 'wasm');
  if (config === undefined || ownKernelFuncs.has(config.kernelFunc)) {
    throw new Error(
      `registerWasmTrainingKernels: the 'wasm' backend has no stock '${kernelName}' kernel. ` +
        `Import '@tensorflow/tfjs-backend-wasm' (or call selectBackend()) before registering the training kernels.`,
    );
  }

  stockConfigs.set(kernelName, config);
  return config;
}

/** Returns a new float32 tensor info of zeros. */
export function zeros(backend: BackendWasm, shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  return out;
}

/** Padding of the two spatial axes of an NHWC tensor: [[top, bottom], [left, right]]. */
export type SpatialPads = [[number, number], [number, number]];

/**
 * Calls stock 'wasm' kernels on tensor infos that live in one wasm backend.
 * Every method returns a new tensor info that the caller must release with `dispose`.
 */
export class WasmKernelCalls {
  constructor(readonly backend: BackendWasm) {}

  private run(kernelName: string, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: object): TensorInfo {
    const kernelFunc = stockKernelConfig(kernelName).kernelFunc;
    return kernelFunc({ inputs: inputs as never, attrs: attrs as never, backend: this.backend }) as TensorInfo;
  }

  /** Permutes the axes of `x`: output axis i is input axis perm[i]. */
  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Views `x` with another shape of the same size (no copy). */
  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** Reverses `x` along the axes `dims`. */
  reverse(x: TensorInfo, dims: number[]): TensorInfo {
    return this.run('Reverse', { x }, { dims });
  }

  /** Pads `x` with zeros: paddings[i] = [before, after] for axis i. */
  pad(x: TensorInfo, paddings: Array<[number, number]>): TensorInfo {
    return this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  /** Copies the block of `x` that starts at `begin` and has shape `size`. */
  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size });
  }

  /**
   * Correlates NHWC `x` [batch, height, width, inChannels] with `filter`
   * [filterHeight, filterWidth, inChannels, outChannels] through XNNPACK, with explicit
   * non-negative spatial pads.
   */
  conv2d(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    pads: SpatialPads,
  ): TensorInfo {
    const pad = [[0, 0], pads[0], pads[1], [0, 0]];
    return this.run('Conv2D', { x, filter }, { strides, dilations, pad, dataFormat: 'NHWC', dimRoundingMode: undefined });
  }

  /** Multiplies the matrices of rank-3 `a` [batch, m, k] and `b` [batch, k, n] without transposes. */
  batchMatMul(a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
  }

  /** Sums tensors of one shape element-wise. AddN takes its inputs as an array, unlike other kernels. */
  addN(tensors: TensorInfo[]): TensorInfo {
    return this.run('AddN', tensors, {});
  }

  /**
   * Returns a tensor info that shares memory with a contiguous block of `x`, starting at element
   * `elementOffset`, with shape `shape`. No copy is made. Release it with `releaseView` before
   * `x` is disposed; `dispose` must never be called on a view.
   */
  view(x: TensorInfo, elementOffset: number, shape: number[]): TensorInfo {
    const { memoryOffset } = this.backend.dataIdMap.get(x.dataId) as { memoryOffset: number };
    return this.backend.makeOutput(shape, x.dtype, memoryOffset + elementOffset * util.bytesPerElement(x.dtype));
  }

  /**
   * Forgets a view made by `view` without freeing its memory, which belongs to the viewed
   * tensor. This also drops the XNNPACK operators that the wasm backend cached for the view.
   */
  releaseView(view: TensorInfo): void {
    const { id } = this.backend.dataIdMap.get(view.dataId) as { id: number };
    (this.backend.wasm as unknown as { tfjs: { disposeData(id: number): void } }).tfjs.disposeData(id);
    this.backend.dataIdMap.delete(view.dataId);
  }

  /** Releases a tensor info returned by one of the other methods. */
  dispose(x: TensorInfo): void {
    this.backend.disposeData(x.dataId);
  }
}
