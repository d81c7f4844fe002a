import { backend_util, Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropFilterInputs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { WasmKernelCalls, zeros } from './stock-kernels.js';
import { requireChannelsLast } from './conv-info.js';

/**
 * Returns how many images each partial convolution reduces over.
 *
 * The output gradient plays the filter and the images its channels. On the reference CNN's
 * second layer at batch 32 (2-core AMD EPYC, Node 20), one convolution over all 32 images took
 * about 35 ms and three over 11, 11 and 10 images about 26 ms. Groups of 4, 8 or 16 images took
 * 32 to 38 ms, probably because power-of-two channel counts make strided loads collide in the
 * cache. So the batch is split into groups whose filters stay under about 1.6 MiB, with a group
 * size that is not a multiple of 4.
 *
 * NOTE: these bounds were tuned on that one machine, and other caches may prefer other values.
 */
function imagesPerGroup(batchSize: number, outputRows: number, dyFloatsPerImage: number): number {
  const maxGroupFloats = 400 * 1024;
  if (outputRows < 64 || batchSize * dyFloatsPerImage <= maxGroupFloats) {
    return batchSize;
  }

  let groupCount = Math.ceil((batchSize * dyFloatsPerImage) / maxGroupFloats);
  let groupSize = Math.ceil(batchSize / groupCount);
  while (groupSize > 4 && groupSize % 4 === 0) {
    groupCount++;
    groupSize = Math.ceil(batchSize / groupCount);
  }
  return groupSize;
}

/**
 * Computes the filter gradient of a 2-D convolution:
 * dFilter[fh, fw, ci, co] = sum over (b, oh, ow) of
 * x[b, oh * strideH - padTop + fh, ow * strideW - padLeft + fw, ci] * dy[b, oh, ow, co].
 *
 * That sum is itself a convolution in which images are the reduction channels. The kernel
 * transposes x to [inChannels, height, width, images] and dy to
 * [outHeight, outWidth, images, outChannels], and correlates them with dy as the filter, stride 1
 * and a dilation equal to the forward stride. XNNPACK's Conv2D runs this once per group of
 * images. The partial results [inChannels, filterHeight, filterWidth, outChannels] are summed
 * and transposed back.
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

  if (batchSize * outHeight * outWidth === 0) {
    return zeros(backend, filterShape);
  }

  // The output must span exactly filterHeight rows: pad the bottom as needed, or, when the
  // forward pass never read the last input rows, compute a few rows too many and slice them off.
  const padBottom = filterHeight - inHeight - padInfo.top + (outHeight - 1) * strideHeight;
  const padRight = filterWidth - inWidth - padInfo.left + (outWidth - 1) * strideWidth;
  const pads: [[number, number], [number, number]] = [
    [padInfo.top, Math.max(padBottom, 0)],
    [padInfo.left, Math.max(padRight, 0)],
  ];

  // Images are the outermost axis of x and dy, so each group is a contiguous block of both.
  const xFloatsPerImage = inHeight * inWidth * inChannels;
  const dyFloatsPerImage = outHeight * outWidth * outChannels;
  const groupSize = imagesPerGroup(batchSize, inChannels * filterHeight * filterWidth, dyFloatsPerImage);
  const calls = new WasmKernelCalls(backend);
  const partials: TensorInfo[] = [];
  for (let firstImage = 0; firstImage < batchSize; firstImage += groupSize) {
    const images = Math.min(groupSize, batchSize - firstImage);
    const xGroup = calls.view(x, firstImage * xFloatsPerImage, [images, inHeight, inWidth, inChannels]);
    const dyGroup = calls.view(dy, firstImage * dyFloatsPerImage, [images, outHeight, outWidth, outChannels]);
    const xByChannel = calls.transpose(xGroup, [3, 1, 2, 0]);
    const dyAsFilter = calls.transpose(dyGroup, [1, 2, 0, 3]);
    calls.releaseView(xGroup);
    calls.releaseView(dyGroup);

    partials.push(calls.conv2d(xByChannel, dyAsFilter, [1, 1], [strideHeight, strideWidth], pads));
    calls.dispose(xByChannel);
    calls.dispose(dyAsFilter);
  }

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
