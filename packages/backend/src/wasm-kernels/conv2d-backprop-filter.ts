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
 * Returns how many images of the batch each partial convolution reduces over.
 *
 * The output gradient plays the filter. XNNPACK packs the whole filter and streams it once per
 * block of a few output rows, and the output has inChannels * filterHeight * filterWidth rows,
 * so a filter far larger than the L2 cache is read from memory many times. Splitting the batch
 * keeps each group's filter under about 384 KiB. The group size divides the batch, so an
 * awkward batch size (a prime, say) may end with groups of one image, which is slower but exact.
 *
 * NOTE: the 384 KiB bound and the 64-row threshold were tuned on one 2-core AMD EPYC machine
 * (1 MiB L2 per core) for the reference CNN; other caches may prefer other values.
 */
function batchGroupSize(batchSize: number, outputRows: number, dyFloatsPerImage: number): number {
  const maxGroupFloats = 96 * 1024;
  if (outputRows < 64 || batchSize * dyFloatsPerImage <= maxGroupFloats) {
    return batchSize;
  }

  let groupSize = Math.max(1, Math.min(batchSize, Math.floor(maxGroupFloats / dyFloatsPerImage)));
  while (batchSize % groupSize !== 0) {
    groupSize--;
  }
  return groupSize;
}

/**
 * Computes the filter gradient of a 2-D convolution:
 * dFilter[fh, fw, ci, co] = sum over (b, oh, ow) of
 * x[b, oh * strideH - padTop + fh, ow * strideW - padLeft + fw, ci] * dy[b, oh, ow, co].
 *
 * That sum is itself a convolution in which images are the reduction channels: x transposed to
 * [inChannels, height, width, images] is correlated with dy transposed to
 * [outHeight, outWidth, images, outChannels] as the filter, with stride 1 and a dilation equal to
 * the forward stride. XNNPACK's Conv2D runs it once per group of images, the partial results
 * [inChannels, filterHeight, filterWidth, outChannels] are summed and transposed back.
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
  const { batchSize, filterHeight, filterWidth, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = convInfo;
  const { strideHeight, strideWidth, padInfo } = convInfo;

  // Group-major layouts: [groups, inChannels, height, width, images] and
  // [groups, outHeight, outWidth, images, outChannels], so that each group is one contiguous block.
  const groupSize = batchGroupSize(batchSize, inChannels * filterHeight * filterWidth, outHeight * outWidth * outChannels);
  const groupCount = batchSize / groupSize;
  const calls = new WasmKernelCalls(backend);
  const xGroups = calls.reshape(x, [groupCount, groupSize, inHeight, inWidth, inChannels]);
  const xByChannel = calls.transpose(xGroups, [0, 4, 2, 3, 1]);
  calls.dispose(xGroups);
  const dyGroups = calls.reshape(dy, [groupCount, groupSize, outHeight, outWidth, outChannels]);
  const dyAsFilter = calls.transpose(dyGroups, [0, 2, 3, 1, 4]);
  calls.dispose(dyGroups);

  // The output must span exactly filterHeight rows: pad the bottom as needed, or, when the
  // forward pass never read the last input rows, compute a few rows too many and slice them off.
  const padBottom = filterHeight - inHeight - padInfo.top + (outHeight - 1) * strideHeight;
  const padRight = filterWidth - inWidth - padInfo.left + (outWidth - 1) * strideWidth;
  const pads: [[number, number], [number, number]] = [
    [padInfo.top, Math.max(padBottom, 0)],
    [padInfo.left, Math.max(padRight, 0)],
  ];
  const xGroupSize = inChannels * inHeight * inWidth * groupSize;
  const dyGroupSize = outHeight * outWidth * groupSize * outChannels;
  const partials: TensorInfo[] = [];
  for (let group = 0; group < groupCount; group++) {
    const xGroup = calls.view(xByChannel, group * xGroupSize, [inChannels, inHeight, inWidth, groupSize]);
    const dyGroup = calls.view(dyAsFilter, group * dyGroupSize, [outHeight, outWidth, groupSize, outChannels]);
    partials.push(calls.conv2d(xGroup, dyGroup, [1, 1], [strideHeight, strideWidth], pads));
    calls.releaseView(xGroup);
    calls.releaseView(dyGroup);
  }
  calls.dispose(xByChannel);
  calls.dispose(dyAsFilter);

  let product = partials[0];
  if (partials.length > 1) {
    product = calls.addN(partials);
    partials.forEach((partial) => calls.dispose(partial));
  }

  let cropped = product;
  if (padBottom < 0 || padRight < 0) {
    cropped = calls.slice(product, [0, 0, 0, 0], [inChannels, filterHeight, filterWidth, outChannels]);
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
