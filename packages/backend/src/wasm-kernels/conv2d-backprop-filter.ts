import { backend_util, Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropFilterInputs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { WasmKernelCalls } from './stock-kernels.js';
import { requireChannelsLast } from './conv-info.js';

/**
 * Computes the filter gradient of a 2-D convolution:
 * dFilter[fh, fw, ci, co] = sum over (b, oh, ow) of
 * x[b, oh * strideH - padTop + fh, ow * strideW - padLeft + fw, ci] * dy[b, oh, ow, co].
 *
 * That sum is itself a convolution in which the batch is the reduction channel: x transposed to
 * [inChannels, height, width, batch] is correlated with dy transposed to
 * [outHeight, outWidth, batch, outChannels] as the filter, with stride 1 and a dilation equal to
 * the forward stride. XNNPACK's Conv2D runs it, and the result
 * [inChannels, filterHeight, filterWidth, outChannels] is transposed back.
 */
function conv2dBackpropFilter(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;

  requireChannelsLast('Conv2DBackpropFilter', dataFormat);
  const convInfo = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { filterHeight, filterWidth, inHeight, inWidth, outHeight, outWidth } = convInfo;
  const { strideHeight, strideWidth, padInfo } = convInfo;

  const calls = new WasmKernelCalls(backend);
  const xByChannel = calls.transpose(x, [3, 1, 2, 0]);
  const dyAsFilter = calls.transpose(dy, [1, 2, 0, 3]);

  // The output must span exactly filterHeight rows: pad the bottom as needed, or, when the
  // forward pass never read the last input rows, compute a few rows too many and slice them off.
  const padBottom = filterHeight - inHeight - padInfo.top + (outHeight - 1) * strideHeight;
  const padRight = filterWidth - inWidth - padInfo.left + (outWidth - 1) * strideWidth;
  const product = calls.conv2d(
    xByChannel,
    dyAsFilter,
    [1, 1],
    [strideHeight, strideWidth],
    [
      [padInfo.top, Math.max(padBottom, 0)],
      [padInfo.left, Math.max(padRight, 0)],
    ],
  );
  calls.dispose(xByChannel);
  calls.dispose(dyAsFilter);

  let cropped = product;
  if (padBottom < 0 || padRight < 0) {
    cropped = calls.slice(product, [0, 0, 0, 0], [convInfo.inChannels, filterHeight, filterWidth, convInfo.outChannels]);
    calls.dispose(product);
  }

  const dFilter = calls.transpose(cropped, [1, 2, 0, 3]);
  calls.dispose(cropped);
  return dFilter;
}

/** Conv2DBackpropFilter for the 'wasm' backend, which tfjs-backend-wasm 4.22 lacks. */
export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as KernelFunc,
};
