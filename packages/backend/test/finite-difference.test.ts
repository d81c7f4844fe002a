import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';

import { randomTensor, runKernelOn, seededRandom, setUpBackends } from './helpers.js';
import type { TensorData } from './helpers.js';

beforeAll(setUpBackends);

/** NHWC convolution geometry: stride and the top and left pads that tfjs computed. */
interface Geometry {
  stride: number;
  padTop: number;
  padLeft: number;
  outShape: number[];
}

/**
 * Returns the loss sum(conv2d(x, filter) * dy) in float64, with a plain loop that shares no code
 * with tfjs, so that its finite differences check the kernels independently of any backend.
 */
function convLoss(x: TensorData, filter: TensorData, dy: TensorData, { stride, padTop, padLeft, outShape }: Geometry): number {
  const [batch, height, width, inChannels] = x.shape;
  const [filterHeight, filterWidth, , outChannels] = filter.shape;
  const [, outHeight, outWidth] = outShape;
  let loss = 0;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        for (let co = 0; co < outChannels; co++) {
          let sum = 0;
          for (let fh = 0; fh < filterHeight; fh++) {
            const row = oh * stride - padTop + fh;
            for (let fw = 0; fw < filterWidth; fw++) {
              const column = ow * stride - padLeft + fw;
              if (row < 0 || row >= height || column < 0 || column >= width) {
                continue;
              }
              for (let ci = 0; ci < inChannels; ci++) {
                sum +=
                  x.data[((b * height + row) * width + column) * inChannels + ci] *
                  filter.data[((fh * filterWidth + fw) * inChannels + ci) * outChannels + co];
              }
            }
          }
          loss += sum * dy.data[((b * outHeight + oh) * outWidth + ow) * outChannels + co];
        }
      }
    }
  }
  return loss;
}

/** Returns the central difference of `loss` with respect to every element of `variable` (changed in place and restored). */
function centralDifferences(variable: TensorData, loss: () => number, step: number): Float64Array {
  const gradient = new Float64Array(variable.data.length);
  const values = new Float64Array(variable.data);
  for (let i = 0; i < values.length; i++) {
    variable.data[i] = values[i] + step;
    const above = loss();
    variable.data[i] = values[i] - step;
    const below = loss();
    variable.data[i] = values[i];
    gradient[i] = (above - below) / (2 * step);
  }
  return gradient;
}

describe('conv2d gradients on wasm match finite differences', () => {
  const xShape: [number, number, number, number] = [2, 7, 8, 3];
  const filterShape: [number, number, number, number] = [3, 2, 3, 4];
  const strides = 2;
  const pad = 'same';

  it('conv2d gradients x=[2,7,8,3] f=[3,2,3,4] s=2 same', async () => {
    const random = seededRandom(2024);
    const x = randomTensor(random, xShape);
    const filter = randomTensor(random, filterShape);
    const convInfo = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad);
    const dy = randomTensor(random, convInfo.outShape);
    const geometry = {
      stride: strides,
      padTop: convInfo.padInfo.top,
      padLeft: convInfo.padInfo.left,
      outShape: convInfo.outShape,
    };
    const loss = () => convLoss(x, filter, dy, geometry);

    // Float32 inputs are exactly representable in float64 and the loss is linear in each
    // variable, so a step of 0.5 leaves only rounding error in the differences.
    const filterGradient = centralDifferences(filter, loss, 0.5);
    const inputGradient = centralDifferences(x, loss, 0.5);
    const dFilter = await runKernelOn(
      'wasm',
      'Conv2DBackpropFilter',
      { x, dy },
      { strides, pad, dataFormat: 'NHWC', filterShape },
    );
    const dx = await runKernelOn(
      'wasm',
      'Conv2DBackpropInput',
      { dy, filter },
      { strides, pad, dataFormat: 'NHWC', inputShape: xShape },
    );

    expect(dFilter.shape).toEqual(filterShape);
    for (let i = 0; i < filterGradient.length; i++) {
      expect(dFilter.data[i], `filter gradient at index ${i}`).toBeCloseTo(filterGradient[i], 4);
    }
    expect(dx.shape).toEqual(xShape);
    for (let i = 0; i < inputGradient.length; i++) {
      expect(dx.data[i], `input gradient at index ${i}`).toBeCloseTo(inputGradient[i], 4);
    }
  });
});
