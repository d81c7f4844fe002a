// Worker setup module of the tests: makes the pure-JS cpu backend current in a worker thread.
import '@tensorflow/tfjs-backend-cpu';
import { backend, setBackend } from '@tensorflow/tfjs-core';

export default async function setup(): Promise<void> {
  await setBackend('cpu');
  // tfjs-backend-cpu 4.22 prints an "install tfjs-node" banner on its first write in Node.
  (backend() as unknown as { firstUse?: boolean }).firstUse = false;
}
