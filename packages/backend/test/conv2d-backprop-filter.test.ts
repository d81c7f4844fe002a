import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';

import { convCases, describeConvCase } from './conv-cases.js';
import { expectClose, randomTensor, runKernelOn, seededRandom, setUpBackends } from './helpers.js';
import { referenceConv2dBackpropFilter } from './reference-conv.js';

beforeAll(setUpBackends);

describe('Conv2DBackpropFilter on wasm matches cpu', () => {
  for (const [index, convCase] of convCases.entries()) {
    it(`conv2dBackpropFilter ${describeConvCase(convCase)}`, async () => {
      const { x: xShape, filter: filterShape, strides, pad, dimRoundingMode, filterReference } = convCase;
      const random = seededRandom(index + 1);
      const x = randomTensor(random, xShape);
      const convInfo = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, dimRoundingMode);
      const dy = randomTensor(random, convInfo.outShape);
      const attrs = { strides, pad, dataFormat: 'NHWC', dimRoundingMode, filterShape };

      const expected =
        filterReference === 'float64'
          ? referenceConv2dBackpropFilter(x, dy, filterShape, {
              strideHeight: convInfo.strideHeight,
              strideWidth: convInfo.strideWidth,
              padTop: convInfo.padInfo.top,
              padLeft: convInfo.padInfo.left,
              outShape: convInfo.outShape,
            })
          : await runKernelOn('cpu', 'Conv2DBackpropFilter', { x, dy }, attrs);
      const actual = await runKernelOn('wasm', 'Conv2DBackpropFilter', { x, dy }, attrs);

      expectClose(actual, expected, 1e-4);
    });
  }

  it('conv2dBackpropFilter rejects NCHW', async () => {
    const random = seededRandom(7);
    const x = randomTensor(random, [1, 2, 5, 5]);
    const dy = randomTensor(random, [1, 3, 3, 3]);
    const attrs = { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] };

    await expect(runKernelOn('wasm', 'Conv2DBackpropFilter', { x, dy }, attrs)).rejects.toThrow(
      /supports dataFormat 'NHWC' only, received 'NCHW'/,
    );
  });
});
