export { KerasImportError } from './errors.js';
export { modelFromKerasJson, type ModelFromKerasJsonOptions } from './model-from-keras-json.js';
export { loadKerasWeights } from './keras-weights.js';
export { loadKerasModel, type KerasModelFiles } from './load-keras-model.js';
export { loadTfjsModelDir, tfjsModelDirHandler } from './tfjs-model-dir.js';
