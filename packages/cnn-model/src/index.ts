export { createReferenceCnn, type ReferenceCnnOptions } from './reference-cnn.js';
export { KerasAdadelta, type KerasAdadeltaOptions, type NamedTensor } from './keras-adadelta.js';
export type { TensorData } from './tensor-data.js';
