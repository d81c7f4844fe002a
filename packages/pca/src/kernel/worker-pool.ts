import { Worker } from 'node:worker_threads';

/**
 * Source of a GEMM worker. It instantiates the module on the shared memory it is sent and runs
 * exported functions on request. Evaluated from a string, so it runs the same from the
 * TypeScript sources (tests) and from `dist`.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
let exports = null;
parentPort.on('message', (message) => {
  try {
    if (message.type === 'attach') {
      exports = new WebAssembly.Instance(message.module, { env: { memory: message.memory } }).exports;
    } else {
      exports[message.name](...message.args);
    }
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String((error && error.message) || error) });
  }
});
`;

/** A message to a GEMM worker. */
export type WorkerRequest =
  { type: 'attach'; module: WebAssembly.Module; memory: WebAssembly.Memory } | { type: 'run'; name: string; args: number[] };

interface PendingRequest {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * One worker thread that runs wasm GEMM calls. It keeps the process alive only while a request
 * is pending, so a forgotten worker never delays the exit of a program.
 */
export class GemmWorker {
  private readonly worker: Worker;
  private readonly pending: PendingRequest[] = [];
  private failure: Error | null = null;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();

    this.worker.on('message', (reply: { ok: boolean; message?: string }) => {
      const request = this.pending.shift();
      if (this.pending.length === 0) this.worker.unref();
      if (reply.ok) request?.resolve();
      else request?.reject(new Error(`GEMM worker failed: ${reply.message}`));
    });

    this.worker.on('error', (error: Error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`GEMM worker exited with code ${code}`)));
  }

  /** Whether the thread has crashed, exited or been terminated. */
  get failed(): boolean {
    return this.failure !== null;
  }

  /** Sends a request; resolves when the worker has carried it out. */
  request(message: WorkerRequest): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.worker.ref();
      this.worker.postMessage(message);
    });
  }

  /**
   * Stops the thread. Its isolate holds the last references to the shared memory it was sent
   * and an idle isolate may never collect them, so ending the thread is what frees that memory.
   */
  async terminate(): Promise<void> {
    this.failure ??= new Error('GEMM worker was terminated');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const request of this.pending.splice(0)) request.reject(error);
    this.worker.unref();
  }
}
