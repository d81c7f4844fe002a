export { extractFeatures, type ExtractFeaturesOptions, type FeatureExtraction } from './extract-features.js';
export type { TensorData } from './tensor-data.js';
