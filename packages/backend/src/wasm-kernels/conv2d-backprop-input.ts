import { backend_util, Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropInputAttrs,
  Conv2DBackpropInputInputs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { WasmKernelCalls } from './stock-kernels.js';
import { requireChannelsLast } from './conv-info.js';

/**
 * Inserts strideH - 1 zero rows after each row of NHWC `dy` and strideW - 1 zero columns after
 * each column, so that a stride-1 convolution of the result replays a strided convolution's
 * gradient. Returns `dy` itself (with one more reference) when both strides are 1.
 */
function dilateRowsAndColumns(calls: WasmKernelCalls, dy: TensorInfo, strideHeight: number, strideWidth: number): TensorInfo {
  const [batch, outHeight, outWidth, channels] = dy.shape;
  if (strideHeight === 1 && strideWidth === 1) {
    return calls.reshape(dy, dy.shape);
  }

  const split = calls.reshape(dy, [batch, outHeight, 1, outWidth, 1, channels]);
  const padded = calls.pad(split, [
    [0, 0],
    [0, 0],
    [0, strideHeight - 1],
    [0, 0],
    [0, strideWidth - 1],
    [0, 0],
  ]);
  calls.dispose(split);

  const dilated = calls.reshape(padded, [batch, outHeight * strideHeight, outWidth * strideWidth, channels]);
  calls.dispose(padded);
  return dilated;
}

/**
 * Computes the input gradient of a 2-D convolution as a plain XNNPACK convolution. The output
 * gradient is dilated by the stride with zeros and padded by (filter size - 1 - forward pad).
 * Then it is correlated with the filter flipped in both spatial axes, with its in and out
 * channels swapped.
 */
function conv2dBackpropInput(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;

  requireChannelsLast('Conv2DBackpropInput', dataFormat);
  const convInfo = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { batchSize, inHeight, inWidth, inChannels, filterHeight, filterWidth } = convInfo;
  const { strideHeight, strideWidth, padInfo } = convInfo;

  const calls = new WasmKernelCalls(backend);
  const dilated = dilateRowsAndColumns(calls, dy, strideHeight, strideWidth);
  const flipped = calls.reverse(filter, [0, 1]);
  const swapped = calls.transpose(flipped, [0, 1, 3, 2]);
  calls.dispose(flipped);

  // A forward pad larger than filter size - 1 (explicit pads only) turns into a negative pad
  // here: compute with zero pad and slice the extra leading rows or columns off afterwards.
  const padTop = filterHeight - 1 - padInfo.top;
  const padLeft = filterWidth - 1 - padInfo.left;
  const padBottom = inHeight + filterHeight - 1 - dilated.shape[1] - padTop;
  const padRight = inWidth + filterWidth - 1 - dilated.shape[2] - padLeft;
  const product = calls.conv2d(
    dilated,
    swapped,
    [1, 1],
    [1, 1],
    [
      [Math.max(padTop, 0), Math.max(padBottom, 0)],
      [Math.max(padLeft, 0), Math.max(padRight, 0)],
    ],
  );
  calls.dispose(dilated);
  calls.dispose(swapped);

  if (padTop >= 0 && padLeft >= 0 && padBottom >= 0 && padRight >= 0) {
    return product;
  }
  const dx = calls.slice(
    product,
    [0, Math.max(-padTop, 0), Math.max(-padLeft, 0), 0],
    [batchSize, inHeight, inWidth, inChannels],
  );
  calls.dispose(product);
  return dx;
}

/**
 * Conv2DBackpropInput for the 'wasm' backend through XNNPACK; it replaces tfjs-backend-wasm
 * 4.22's kernel, which runs plain nested loops.
 */
export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as KernelFunc,
};
