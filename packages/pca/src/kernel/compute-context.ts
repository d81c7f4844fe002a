import { type GemmCall, A_OVERREAD_ROWS, splitRows, tileFor, wasmArguments } from './gemm-call.js';
import { GEMM_WASM_BASE64, GEMM_WORK_BYTES } from './gemm-wasm.js';
import { jsGemm } from './js-gemm.js';
import { type GemmWorker, getGemmWorkers } from './worker-pool.js';

/** Which implementation runs the matrix products. */
export type GemmKernel = 'wasm' | 'js';

/** Products below this many floating-point operations run on the calling thread. */
const MIN_THREADED_FLOPS = 2e7;

const PAGE_BYTES = 65536;
const MAX_PAGES = 65536;

let compiledModule: WebAssembly.Module | null | undefined;

/** The compiled GEMM module, or null when this runtime lacks wasm SIMD or shared memory. */
export function gemmModule(): WebAssembly.Module | null {
  if (compiledModule === undefined) {
    const bytes = Buffer.from(GEMM_WASM_BASE64, 'base64');
    compiledModule = WebAssembly.validate(bytes) && supportsSharedMemory() ? new WebAssembly.Module(bytes) : null;
  }
  return compiledModule;
}

function supportsSharedMemory(): boolean {
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/** Bytes that {@link ComputeContext.allocate} takes for a rows x cols matrix, padding included. */
export function matrixBytes(rows: number, cols: number): number {
  return Math.ceil(((rows + A_OVERREAD_ROWS) * cols * 4 + 64) / 64) * 64;
}

let nextContextId = 1;

/**
 * A memory holding float32 matrices and the threads that multiply them. Matrices are
 * allocated once, up to the capacity given at creation; products run with the wasm kernel on
 * worker threads (split by rows of the result) or, without wasm support, in plain JavaScript.
 */
export class ComputeContext {
  /** Float32 view of the whole memory; index = byte offset / 4. */
  readonly f32: Float32Array;
  private nextByte: number;
  private readonly id = nextContextId++;

  private constructor(
    readonly kernel: GemmKernel,
    private readonly memory: WebAssembly.Memory | null,
    private readonly exports: Record<string, (...args: number[]) => void> | null,
    private readonly workers: GemmWorker[],
    private readonly limitBytes: number,
  ) {
    const buffer = memory ? memory.buffer : new ArrayBuffer(limitBytes);
    this.f32 = new Float32Array(buffer, 0, limitBytes / 4);
    this.nextByte = (workers.length + 1) * GEMM_WORK_BYTES;
  }

  /**
   * Creates a context with room for `capacityBytes` of matrices (sum of {@link matrixBytes}).
   * `threads` workers run the large products; with `threads` 0 every product runs on the
   * calling thread. Throws RangeError when the memory would exceed the 4 GiB of wasm32.
   */
  static async create(options: { capacityBytes: number; threads: number; kernel?: GemmKernel; operation: string }): Promise<ComputeContext> {
    const context = ComputeContext.createOnThisThread(options);
    if (context.kernel === 'wasm' && options.threads > 0) {
      const workers = getGemmWorkers(options.threads);
      const threaded = new ComputeContext('wasm', context.memory, context.exports, workers, context.limitBytes);
      const module = gemmModule()!;
      await Promise.all(workers.map((worker) => worker.request({ type: 'attach', id: threaded.id, module, memory: threaded.memory! })));
      return threaded;
    }
    return context;
  }

  /** Creates a context whose products all run synchronously on the calling thread. */
  static createSync(options: { capacityBytes: number; kernel?: GemmKernel; operation: string }): ComputeContext {
    return ComputeContext.createOnThisThread({ ...options, threads: 0 });
  }

  private static createOnThisThread(options: { capacityBytes: number; threads: number; kernel?: GemmKernel; operation: string }): ComputeContext {
    const module = options.kernel === 'js' ? null : gemmModule();
    const workAreas = (module ? options.threads : 0) + 1;
    const bytes = Math.ceil((workAreas * GEMM_WORK_BYTES + options.capacityBytes) / PAGE_BYTES) * PAGE_BYTES;
    if (module && bytes > MAX_PAGES * PAGE_BYTES) {
      throw new RangeError(
        `${options.operation}: the matrices need ${(bytes / 2 ** 30).toFixed(2)} GiB of WebAssembly memory, ` +
          'above the 4 GiB limit of wasm32; fit on fewer rows (a random sample keeps the principal axes close).',
      );
    }
    if (!module) return new ComputeContext('js', null, null, [], bytes);

    const pages = bytes / PAGE_BYTES;
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const exports = instance.exports as unknown as Record<string, (...args: number[]) => void>;
    return new ComputeContext('wasm', memory, exports, [], bytes);
  }

  /** Reserves a rows x cols float32 matrix; returns its byte offset. Its contents start as zero. */
  allocate(rows: number, cols: number): number {
    const offset = this.nextByte;
    const size = matrixBytes(rows, cols);
    if (offset + size > this.limitBytes) {
      throw new RangeError(`ComputeContext.allocate: ${rows} x ${cols} does not fit in the remaining capacity`);
    }
    this.nextByte += size;
    return offset;
  }

  /** A float32 view of `length` elements at byte offset `pointer`. */
  view(pointer: number, length: number): Float32Array {
    return this.f32.subarray(pointer / 4, pointer / 4 + length);
  }

  /** Threads that {@link runExport} spreads work over: the workers, or this thread alone. */
  get threadCount(): number {
    return Math.max(this.workers.length, 1);
  }

  /**
   * Calls the wasm export `name` once per argument list, in parallel on the workers (list i on
   * worker i), or one after another on this thread when there are no workers. Needs the wasm
   * kernel.
   */
  async runExport(name: string, argumentLists: number[][]): Promise<void> {
    if (this.workers.length === 0) {
      for (const args of argumentLists) this.exports![name]!(...args);
      return;
    }
    await Promise.all(argumentLists.map((args, index) => this.workers[index]!.request({ type: 'run', id: this.id, name, args })));
  }

  /** Runs a product on the worker threads when it is large enough, else on this thread. */
  async gemm(call: GemmCall): Promise<void> {
    const flops = 2 * call.m * call.n * call.k;
    if (this.kernel === 'js' || this.workers.length === 0 || flops < MIN_THREADED_FLOPS) {
      this.gemmSync(call);
      return;
    }

    const [mr, nr] = tileFor(call);
    const parts = splitRows(call, this.workers.length, mr);
    await Promise.all(
      parts.map((part, index) =>
        this.workers[index]!.request({
          type: 'run',
          id: this.id,
          name: `gemm_${mr}x${nr}`,
          args: wasmArguments(part, (index + 1) * GEMM_WORK_BYTES),
        }),
      ),
    );
  }

  /** Runs a product on the calling thread. */
  gemmSync(call: GemmCall): void {
    if (call.m === 0 || call.n === 0) return;
    if (this.kernel === 'js') {
      jsGemm(this.f32, call);
      return;
    }
    const [mr, nr] = tileFor(call);
    this.exports![`gemm_${mr}x${nr}`]!(...wasmArguments(call, 0));
  }

  /** Releases the workers' instances of this memory, so it can be garbage-collected. */
  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.request({ type: 'detach', id: this.id })));
  }
}
