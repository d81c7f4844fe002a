export { IdxError, type IdxErrorDetails } from './idx-error.js';
export type { IdxData, IdxDtype, IdxTensor } from './idx-types.js';
export { parseIdx } from './parse-idx.js';
export { readIdx } from './read-idx.js';

export { loadMnist, type LoadMnistOptions, type MnistSplit } from './mnist.js';
export { normalizeImages, oneHot, type ImageBatch, type OneHotLabels } from './preprocess.js';

export { createRng, sampleIndices, shuffledIndices } from './random.js';
export { gatherImages, gatherLabels } from './gather.js';
export { batchIterator, stepsPerEpoch, type BatchIteratorOptions, type MnistBatch } from './batches.js';
