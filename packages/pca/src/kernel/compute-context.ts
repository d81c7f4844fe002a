import { MAX_PAGES, type GemmExports, type WasmArena, acquireThreadedArena, gemmModule, syncArenaFor } from './arena.js';
import { type GemmCall, A_OVERREAD_ROWS, splitRows, tileFor, wasmArguments } from './gemm-call.js';
import { GEMM_WORK_BYTES } from './gemm-wasm.js';
import { jsGemm } from './js-gemm.js';
import type { GemmWorker } from './worker-pool.js';

/** Implementation of the matrix products. */
export type GemmKernel = 'wasm' | 'js';

/** Products below this many floating-point operations run on the calling thread. */
const MIN_THREADED_FLOPS = 2e7;

/**
 * Row chunks per worker in a threaded product with at least MIN_CHUNK_ROWS rows per chunk.
 * Workers take chunks as they finish, so a core shared with another process delays the product
 * less than a fixed split would. Each chunk packs all of B again, so products with few rows
 * (a Gram matrix of 138 rows) get one chunk per worker.
 */
const CHUNKS_PER_WORKER = 3;
const MIN_CHUNK_ROWS = 256;

/** Bytes that {@link ComputeContext.allocate} takes for a rows x cols matrix, padding included. */
export function matrixBytes(rows: number, cols: number): number {
  return Math.ceil(((rows + A_OVERREAD_ROWS) * cols * 4 + 64) / 64) * 64;
}

/** Options of {@link ComputeContext.create}. */
export interface ComputeContextOptions {
  /** Bytes of matrices to allocate, a sum of {@link matrixBytes}. */
  capacityBytes: number;
  /** Worker threads for large products; 0 runs everything on the calling thread. */
  threads: number;
  /** Force the plain JavaScript products. */
  kernel?: GemmKernel;
  /** Name of the public operation, for error messages. */
  operation: string;
}

/**
 * Float32 matrices in one memory and the threads that multiply them. With the wasm kernel the
 * memory is a process-wide arena (see {@link WasmArena}) that the context keeps until
 * {@link dispose}; without wasm support it is a plain ArrayBuffer and products run in
 * JavaScript. Allocated matrices start with undefined contents.
 */
export class ComputeContext {
  /** Float32 view of the whole memory; index = byte offset / 4. */
  readonly f32: Float32Array;
  private nextByte: number;

  private constructor(
    readonly kernel: GemmKernel,
    buffer: ArrayBufferLike,
    private readonly exports: GemmExports | null,
    private readonly workers: GemmWorker[],
    private readonly release: () => void,
  ) {
    this.f32 = new Float32Array(buffer);
    this.nextByte = (workers.length + 1) * GEMM_WORK_BYTES;
  }

  /**
   * Creates a context with room for `capacityBytes` of matrices, waiting for any other
   * threaded context to be disposed first. Throws RangeError when the memory would exceed the
   * 4 GiB of wasm32.
   */
  static async create(options: ComputeContextOptions): Promise<ComputeContext> {
    const module = options.kernel === 'js' ? null : gemmModule();
    if (!module) return ComputeContext.createJs(options.capacityBytes);

    const bytes = requiredBytes(options, options.threads + 1);
    const { arena, release } = await acquireThreadedArena(module);
    try {
      arena.reserve(bytes);
      const workers = options.threads > 0 ? await arena.workersFor(options.threads) : [];
      return new ComputeContext('wasm', arena.memory.buffer, arena.exports, workers, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Creates a context whose products all run synchronously on the calling thread. */
  static createSync(options: Omit<ComputeContextOptions, 'threads'>): ComputeContext {
    const module = options.kernel === 'js' ? null : gemmModule();
    if (!module) return ComputeContext.createJs(options.capacityBytes);

    const arena: WasmArena = syncArenaFor(module);
    arena.reserve(requiredBytes({ ...options, threads: 0 }, 1));
    return new ComputeContext('wasm', arena.memory.buffer, arena.exports, [], () => {});
  }

  private static createJs(capacityBytes: number): ComputeContext {
    return new ComputeContext('js', new ArrayBuffer(GEMM_WORK_BYTES + capacityBytes), null, [], () => {});
  }

  /** Reserves a rows x cols float32 matrix; returns its byte offset. */
  allocate(rows: number, cols: number): number {
    const offset = this.nextByte;
    const size = matrixBytes(rows, cols);
    if (offset + size > this.f32.byteLength) {
      throw new RangeError(`ComputeContext.allocate: ${rows} x ${cols} does not fit in the remaining capacity`);
    }
    this.nextByte += size;
    return offset;
  }

  /** Returns a float32 view of `length` elements at byte offset `pointer`. */
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
    await Promise.all(argumentLists.map((args, index) => this.workers[index]!.request({ type: 'run', name, args })));
  }

  /** Runs a product on the worker threads when it is large enough, else on this thread. */
  async gemm(call: GemmCall): Promise<void> {
    const flops = 2 * call.m * call.n * call.k;
    if (this.kernel === 'js' || this.workers.length === 0 || flops < MIN_THREADED_FLOPS) {
      this.gemmSync(call);
      return;
    }

    const [mr, nr] = tileFor(call);
    const name = `gemm_${mr}x${nr}`;
    const chunksPerWorker = call.m >= this.workers.length * CHUNKS_PER_WORKER * MIN_CHUNK_ROWS ? CHUNKS_PER_WORKER : 1;
    const parts = splitRows(call, this.workers.length * chunksPerWorker, mr);
    let next = 0;
    await Promise.all(
      this.workers.map(async (worker, index) => {
        while (next < parts.length) {
          const part = parts[next++]!;
          await worker.request({ type: 'run', name, args: wasmArguments(part, (index + 1) * GEMM_WORK_BYTES) });
        }
      }),
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

  /** Hands the arena to the next waiting context. Call once, when done with the matrices. */
  dispose(): void {
    this.release();
  }
}

/** Bytes of memory for a context: one GEMM scratch area per thread, then the matrices. */
function requiredBytes(options: ComputeContextOptions, workAreas: number): number {
  const bytes = workAreas * GEMM_WORK_BYTES + options.capacityBytes;
  if (bytes > MAX_PAGES * 65536) {
    throw new RangeError(
      `${options.operation}: the matrices need ${(bytes / 2 ** 30).toFixed(2)} GiB of WebAssembly memory, ` +
        'above the 4 GiB limit of wasm32; fit on fewer rows (a random sample keeps the principal axes close).',
    );
  }
  return bytes;
}
