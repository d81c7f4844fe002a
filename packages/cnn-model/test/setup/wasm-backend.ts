// Worker setup module of the tests: the wasm backend with @projector-kit/backend's training
// kernels, as the calling thread selects it.
import { selectBackend } from '@projector-kit/backend';

export default async function setup(): Promise<void> {
  await selectBackend({ backend: 'wasm' });
}
