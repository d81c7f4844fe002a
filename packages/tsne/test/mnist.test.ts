import { expect, it } from 'vitest';

import { knnLabelAgreement, tsne } from '../src/index.js';
import { readMnistTest } from './helpers.js';

it('keeps MNIST digit neighbourhoods of 1,000 test images', async () => {
  const { images, labels } = readMnistTest(1000);
  const result = await tsne(images, { seed: 0 });

  const inPixels = knnLabelAgreement(images, labels);
  const inLayout = knnLabelAgreement(result.embedding, labels);
  expect(inPixels).toBeGreaterThan(0.7);
  expect(inLayout).toBeGreaterThan(inPixels - 0.03);
});
