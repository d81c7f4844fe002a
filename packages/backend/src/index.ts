export { selectBackend } from './select-backend.js';
export type { BackendInfo, BackendRequest, SelectBackendOptions } from './select-backend.js';
export { registerWasmTrainingKernels, type RegisterWasmTrainingKernelsOptions } from './wasm-kernels/register.js';
