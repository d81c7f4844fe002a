import { backend_util, MaxPoolGrad } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, MaxPoolGradAttrs, MaxPoolGradInputs, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Computes the input gradient of a 2-D max pool: each window's output gradient goes to the
 * first input position (row by row, then column by column) that contains the window's maximum,
 * and contributions of overlapping windows add up. This is the rule of the tfjs cpu backend, so
 * ties, as in windows of ReLU zeros, resolve the same way. Windows of only NaN or -Infinity pass
 * no gradient, as on cpu.
 *
 * NOTE: unlike our other kernels this one is a JavaScript loop over the wasm heap, not a
 * composition of stock kernels. For the reference CNN's first pool at batch 32 it takes about
 * 5 ms against about 20 ms for the stock kernel (tools/bench-kernels.mjs). A composition of
 * MaxPoolWithArgmax and ScatterNd was not tried, and its tie order is unknown.
 */
function maxPoolGrad(args: { inputs: MaxPoolGradInputs; backend: BackendWasm; attrs: MaxPoolGradAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const input = inputs.input as TensorInfo;
  const { filterSize, strides, pad, dimRoundingMode } = attrs;

  if (input.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new TypeError(
      `MaxPoolGrad on the 'wasm' backend supports float32 only, received input ${input.dtype} and dy ${dy.dtype}.`,
    );
  }
  const convInfo = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = convInfo;
  const { strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth, padInfo } = convInfo;

  // Heap views are taken after the last allocation, because growing the wasm memory detaches them.
  const dx = backend.makeOutput(input.shape, 'float32');
  const xValues = backend.typedArrayFromHeap(input) as Float32Array;
  const dyValues = backend.typedArrayFromHeap(dy) as Float32Array;
  const dxValues = backend.typedArrayFromHeap(dx) as Float32Array;
  dxValues.fill(0);

  const maxValues = new Float32Array(channels);
  const maxIndices = new Int32Array(channels);
  for (let b = 0; b < batchSize; b++) {
    for (let outRow = 0; outRow < outHeight; outRow++) {
      const rowStart = outRow * strideHeight - padInfo.top;
      const rowBegin = Math.max(rowStart, 0);
      const rowEnd = Math.min(rowStart + effectiveFilterHeight, inHeight);

      for (let outColumn = 0; outColumn < outWidth; outColumn++) {
        const columnStart = outColumn * strideWidth - padInfo.left;
        const columnBegin = Math.max(columnStart, 0);
        const columnEnd = Math.min(columnStart + effectiveFilterWidth, inWidth);
        maxValues.fill(-Infinity);
        maxIndices.fill(-1);

        for (let row = rowBegin; row < rowEnd; row++) {
          for (let column = columnBegin; column < columnEnd; column++) {
            const pixel = ((b * inHeight + row) * inWidth + column) * channels;
            for (let c = 0; c < channels; c++) {
              const value = xValues[pixel + c];
              if (value > maxValues[c]) {
                maxValues[c] = value;
                maxIndices[c] = pixel + c;
              }
            }
          }
        }

        const dyOffset = ((b * outHeight + outRow) * outWidth + outColumn) * channels;
        for (let c = 0; c < channels; c++) {
          if (maxIndices[c] >= 0) {
            dxValues[maxIndices[c]] += dyValues[dyOffset + c];
          }
        }
      }
    }
  }
  return dx;
}

/** MaxPoolGrad for the 'wasm' backend, faster than tfjs-backend-wasm 4.22's kernel. */
export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};
