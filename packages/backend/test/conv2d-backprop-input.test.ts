import { beforeAll, describe, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';

import { convCases, describeConvCase } from './conv-cases.js';
import { expectClose, randomTensor, runKernelOn, seededRandom, setUpBackends } from './helpers.js';

beforeAll(setUpBackends);

describe('Conv2DBackpropInput on wasm matches cpu', () => {
  for (const [index, convCase] of convCases.entries()) {
    it(`conv2dBackpropInput ${describeConvCase(convCase)}`, async () => {
      const { x: xShape, filter: filterShape, strides, pad, dimRoundingMode } = convCase;
      const random = seededRandom(100 + index);
      const filter = randomTensor(random, filterShape);
      const outShape = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, dimRoundingMode).outShape;
      const dy = randomTensor(random, outShape);
      const attrs = { strides, pad, dataFormat: 'NHWC', dimRoundingMode, inputShape: xShape };

      const expected = await runKernelOn('cpu', 'Conv2DBackpropInput', { dy, filter }, attrs);
      const actual = await runKernelOn('wasm', 'Conv2DBackpropInput', { dy, filter }, attrs);

      expectClose(actual, expected, 1e-4);
    });
  }
});
