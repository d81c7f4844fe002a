import { GEMM_WASM_BASE64 } from './gemm-wasm.js';
import { GemmWorker } from './worker-pool.js';

const PAGE_BYTES = 65536;

/** Pages of wasm32 memory: 4 GiB. */
export const MAX_PAGES = 65536;

/** Signature of the module's exports: all take and return i32/f64 numbers. */
export type GemmExports = Record<string, (...args: number[]) => void>;

let compiledModule: WebAssembly.Module | null | undefined;

/** Compiles the GEMM module once; returns null when this runtime lacks wasm SIMD or shared memory. */
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

/**
 * A shared wasm memory that lives for the process, with an instance of the GEMM module on this
 * thread and on each of its workers. It grows to the largest size requested and is reused, so
 * a fit neither waits for new threads nor leaves a dead memory to the garbage collector. With a
 * fresh memory per fit, RSS grew by 180 MiB per 10,000 x 4,096 fit until a major collection.
 */
export class WasmArena {
  readonly memory: WebAssembly.Memory;
  readonly exports: GemmExports;
  private readonly workers: GemmWorker[] = [];

  constructor(private readonly module: WebAssembly.Module) {
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    this.exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as GemmExports;
  }

  /** Grows the memory to at least `bytes` (at most 4 GiB, which the caller checks). */
  reserve(bytes: number): void {
    const pages = Math.ceil(bytes / PAGE_BYTES);
    const current = this.memory.buffer.byteLength / PAGE_BYTES;
    if (pages > current) this.memory.grow(pages - current);
  }

  /** Returns `count` workers with an instance on this memory, starting new ones as needed. */
  async workersFor(count: number): Promise<GemmWorker[]> {
    for (let index = this.workers.length - 1; index >= 0; index--) {
      if (this.workers[index]!.failed) this.workers.splice(index, 1);
    }
    const started: GemmWorker[] = [];
    while (this.workers.length < count) {
      const worker = new GemmWorker();
      this.workers.push(worker);
      started.push(worker);
    }
    await Promise.all(started.map((worker) => worker.request({ type: 'attach', module: this.module, memory: this.memory })));
    return this.workers.slice(0, count);
  }
}

let threadedArena: WasmArena | null = null;
let syncArena: WasmArena | null = null;
let arenaQueue: Promise<void> = Promise.resolve();

/**
 * Waits until no other caller holds the threaded arena, then returns it and a release
 * function. Fits run one at a time because they share the arena.
 */
export async function acquireThreadedArena(module: WebAssembly.Module): Promise<{ arena: WasmArena; release: () => void }> {
  let release!: () => void;
  const previous = arenaQueue;
  arenaQueue = new Promise((resolve) => (release = resolve));
  await previous;
  threadedArena ??= new WasmArena(module);
  return { arena: threadedArena, release };
}

/**
 * Returns the arena of synchronous callers (transform). It is separate from the threaded one,
 * which a fit may hold across awaits while synchronous code runs between them.
 */
export function syncArenaFor(module: WebAssembly.Module): WasmArena {
  syncArena ??= new WasmArena(module);
  return syncArena;
}
