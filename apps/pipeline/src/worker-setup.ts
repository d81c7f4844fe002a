import { selectBackend } from '@projector-kit/backend';

/**
 * Makes a training worker thread use the calling thread's tfjs backend, with the same
 * projector-kit kernels. `trainModelParallel` imports this module in each worker thread.
 */
export default async function setup(context: { backend: string }): Promise<void> {
  const backend = context.backend === 'wasm' || context.backend === 'cpu' ? context.backend : 'auto';
  await selectBackend({ backend });
}
