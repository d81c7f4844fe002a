export { tsne } from './tsne.js';
export type { TsneOptions, TsneProgress, TsneResult } from './options.js';
export { knnLabelAgreement } from './agreement.js';
export type { Matrix, Matrix2D } from './types.js';
