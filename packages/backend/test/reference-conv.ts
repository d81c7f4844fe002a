import type { Float64TensorData, TensorData } from './helpers.js';

/** Geometry of a 2-D NHWC convolution as tfjs computes it. */
export interface ConvGeometry {
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  outShape: number[];
}

/**
 * Computes the filter gradient of a 2-D NHWC convolution in float64 with plain loops, sharing no
 * code with tfjs: dFilter[fh, fw, ci, co] = sum over (b, oh, ow) of
 * x[b, oh * strideHeight - padTop + fh, ow * strideWidth - padLeft + fw, ci] * dy[b, oh, ow, co].
 * It serves where the cpu backend is too slow to be the reference.
 */
export function referenceConv2dBackpropFilter(
  x: TensorData,
  dy: TensorData,
  filterShape: number[],
  geometry: ConvGeometry,
): Float64TensorData {
  const [batch, height, width, inChannels] = x.shape;
  const [filterHeight, filterWidth, , outChannels] = filterShape;
  const [, outHeight, outWidth] = geometry.outShape;
  const dFilter = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);

  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyOffset = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let fh = 0; fh < filterHeight; fh++) {
          const row = oh * geometry.strideHeight - geometry.padTop + fh;
          if (row < 0 || row >= height) {
            continue;
          }
          for (let fw = 0; fw < filterWidth; fw++) {
            const column = ow * geometry.strideWidth - geometry.padLeft + fw;
            if (column < 0 || column >= width) {
              continue;
            }
            const xOffset = ((b * height + row) * width + column) * inChannels;
            const filterOffset = (fh * filterWidth + fw) * inChannels * outChannels;
            for (let ci = 0; ci < inChannels; ci++) {
              const xValue = x.data[xOffset + ci];
              const rowOffset = filterOffset + ci * outChannels;
              for (let co = 0; co < outChannels; co++) {
                dFilter[rowOffset + co] += xValue * dy.data[dyOffset + co];
              }
            }
          }
        }
      }
    }
  }
  return { data: dFilter, shape: [...filterShape] };
}
