export { fitPca } from './fit-pca.js';
export { IncrementalPca, type IncrementalPcaOptions } from './incremental-pca.js';
export { inverseTransform, transform } from './transform.js';
export type { FitPcaOptions, Matrix, PcaMethod, PcaModel, PcaProgressCallback } from './types.js';
