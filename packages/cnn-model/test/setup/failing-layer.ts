// Worker setup module of the tests: the cpu backend, and a FlakyIdentity layer that throws on
// its third call in worker thread 2. The calling thread registers a FlakyIdentity that never
// throws (test/fixtures.ts), so the same topology builds in every thread.
import '@tensorflow/tfjs-backend-cpu';
import { backend, serialization, setBackend, type Tensor } from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';

import type { WorkerSetupContext } from '../../src/index.js';

export default async function setup({ workerIndex }: WorkerSetupContext): Promise<void> {
  await setBackend('cpu');
  (backend() as unknown as { firstUse?: boolean }).firstUse = false;

  let calls = 0;
  class FlakyIdentity extends layers.Layer {
    static className = 'FlakyIdentity';

    override call(inputs: Tensor | Tensor[]): Tensor {
      calls++;
      if (workerIndex === 2 && calls === 3) {
        throw new Error(`FlakyIdentity failed on call ${calls} in worker thread ${workerIndex}`);
      }
      return Array.isArray(inputs) ? inputs[0] : inputs;
    }
  }
  serialization.registerClass(FlakyIdentity);
}
