// Worker setup module of bench-training.mjs: each worker thread of trainModelParallel selects the
// wasm backend with @projector-kit/backend's training kernels, as the calling thread does.
import { selectBackend } from '@projector-kit/backend';

export default async function setup() {
  await selectBackend({ backend: 'wasm' });
}
