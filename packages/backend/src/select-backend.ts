import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

import * as tf from '@tensorflow/tfjs-core';

import { registerWasmTrainingKernels } from './wasm-kernels/register.js';

/** A backend that `selectBackend` can be asked for. 'auto' picks the fastest one present. */
export type BackendRequest = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** Options of `selectBackend`. */
export interface SelectBackendOptions {
  /**
   * Backend to use. 'auto' tries tfjs-node-gpu, tfjs-node, wasm, then cpu.
   * @default 'auto'
   */
  backend?: BackendRequest;
  /** Receives one line per backend that was present but failed, and when 'auto' ends on the slow cpu backend. */
  onWarning?: (message: string) => void;
}

/** The backend that `selectBackend` made current. */
export interface BackendInfo {
  /** tfjs backend name, as `tf.getBackend()` returns it: 'tensorflow', 'wasm' or 'cpu'. */
  name: string;
  /** The request that led to it, e.g. 'auto'. */
  requested: BackendRequest;
  /** Names of the kernels that this package registered for the backend (wasm only, else empty). */
  kernels: string[];
  /** Whether the wasm backend runs its SIMD binary; false for the other backends. */
  simd: boolean;
  /** Threads that the backend computes with (an estimate for 'tensorflow': the core count). */
  threads: number;
}

/** Outcome of one attempt: the backend info, or why the backend is not usable. */
type Attempt = { info: Omit<BackendInfo, 'requested'> } | { failure: string; installed: boolean };

const requests: readonly BackendRequest[] = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

/** npm package that provides each backend, for messages. */
const packageOf: Record<Exclude<BackendRequest, 'auto'>, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

/** Returns whether a tiny op runs and gives the right value on the current backend. */
function runsTinyOp(): boolean {
  const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync());
  return sum[0] === 4 && sum[1] === 6;
}

/** Tells whether a package is installed where this module can import it. */
function isInstalled(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/** Tells whether an import failed only because the package is not installed. */
function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** Imports tfjs-node or tfjs-node-gpu and makes its 'tensorflow' backend current. */
async function tryTensorflow(specifier: string): Promise<Attempt> {
  if (!isInstalled(specifier)) {
    return { failure: `${specifier} is not installed`, installed: false };
  }

  try {
    await import(specifier);
  } catch (error) {
    return { failure: `${specifier} could not be loaded (${(error as Error).message})`, installed: !isModuleNotFound(error) };
  }

  if (tf.findBackendFactory('tensorflow') === null) {
    return {
      failure: `${specifier} loaded but registered no 'tensorflow' backend with this copy of @tensorflow/tfjs-core; install matching versions so that npm keeps one copy`,
      installed: true,
    };
  }

  try {
    if (!(await tf.setBackend('tensorflow')) || !runsTinyOp()) {
      return {
        failure: `${specifier} loaded but its 'tensorflow' backend failed to initialize or to add two vectors`,
        installed: true,
      };
    }
  } catch (error) {
    return { failure: `${specifier} loaded but a tiny op failed (${(error as Error).message})`, installed: true };
  }

  // NOTE: TensorFlow's own thread pool defaults to one thread per core; the count is not exposed.
  return { info: { name: 'tensorflow', kernels: [], simd: false, threads: availableParallelism() } };
}

/**
 * Imports the wasm backend, registers our training kernels and makes it current. In Node the
 * package's CommonJS bundle reads its .wasm binaries with fs from its own dist folder, so
 * `setWasmPaths` is not needed and nothing is fetched.
 */
async function tryWasm(): Promise<Attempt> {
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    return {
      failure: `@tensorflow/tfjs-backend-wasm could not be loaded (${(error as Error).message})`,
      installed: !isModuleNotFound(error),
    };
  }

  const kernels = registerWasmTrainingKernels();
  try {
    if (!(await tf.setBackend('wasm')) || !runsTinyOp()) {
      return { failure: `the wasm backend failed to initialize or to add two vectors`, installed: true };
    }
  } catch (error) {
    return { failure: `the wasm backend failed (${(error as Error).message})`, installed: true };
  }

  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  return { info: { name: 'wasm', kernels, simd, threads: wasm.getThreadsCount() } };
}

/** Imports the pure-JS cpu backend and makes it current. */
async function tryCpu(): Promise<Attempt> {
  try {
    await import('@tensorflow/tfjs-backend-cpu');
    if (!(await tf.setBackend('cpu'))) {
      return { failure: `the cpu backend failed to initialize`, installed: true };
    }

    // NOTE: tfjs-backend-cpu 4.22 prints an "install tfjs-node" banner on its first write in
    // Node. This library never prints, so the flag that triggers the banner is cleared; 'auto'
    // reports the slow fallback through onWarning instead.
    (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
    if (!runsTinyOp()) {
      return { failure: `the cpu backend failed to add two vectors`, installed: true };
    }
  } catch (error) {
    return { failure: `the cpu backend failed (${(error as Error).message})`, installed: !isModuleNotFound(error) };
  }
  return { info: { name: 'cpu', kernels: [], simd: false, threads: 1 } };
}

/** Makes one named backend current, or returns why it cannot be used. */
function tryBackend(request: Exclude<BackendRequest, 'auto'>): Promise<Attempt> {
  switch (request) {
    case 'tensorflow-gpu':
      return tryTensorflow(packageOf['tensorflow-gpu']);
    case 'tensorflow':
      return tryTensorflow(packageOf.tensorflow);
    case 'wasm':
      return tryWasm();
    case 'cpu':
      return tryCpu();
  }
}

/**
 * Picks a tfjs backend, makes it current (`tf.setBackend`) and, for wasm, registers the
 * training kernels that tfjs-backend-wasm lacks or runs slowly (`registerWasmTrainingKernels`).
 *
 * 'auto' tries, in order: `@tensorflow/tfjs-node-gpu` and `@tensorflow/tfjs-node` (optional peer
 * dependencies, used only if they load and run a tiny op), then wasm, then the pure-JS cpu
 * backend. The wasm binary loads from node_modules, without network.
 *
 * @param options.backend backend to use; anything but 'auto' must work or the call throws.
 * @param options.onWarning receives a message for each backend that is installed but failed.
 * @returns the backend now in use, the kernels registered for it, SIMD and thread count.
 * @throws TypeError for an unknown `options.backend`.
 * @throws Error when a requested backend (not 'auto') cannot be used. The message names the
 *   package to install and the backends that are available.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendInfo> {
  const { backend: requested = 'auto', onWarning = () => {} } = options;
  if (!requests.includes(requested)) {
    throw new TypeError(
      `selectBackend: options.backend must be one of ${requests.map((name) => `'${name}'`).join(', ')}, received ${JSON.stringify(requested)}.`,
    );
  }

  if (requested !== 'auto') {
    const attempt = await tryBackend(requested);
    if ('info' in attempt) {
      return { ...attempt.info, requested };
    }
    throw new Error(
      `selectBackend: backend '${requested}' is not available: ${attempt.failure}. ` +
        `Install it with \`npm install ${packageOf[requested]}\`` +
        (requested.startsWith('tensorflow') ? ' (its install script downloads libtensorflow)' : '') +
        `, or use backend 'auto', 'wasm' or 'cpu', which this package ships with.`,
    );
  }

  for (const candidate of ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const) {
    const attempt = await tryBackend(candidate);
    if ('info' in attempt) {
      if (candidate === 'cpu') {
        onWarning(`selectBackend: fell back to the pure-JS cpu backend, which trains about 100 times slower than wasm.`);
      }
      return { ...attempt.info, requested };
    }
    if (attempt.installed) {
      onWarning(`selectBackend: skipped backend '${candidate}': ${attempt.failure}.`);
    }
  }
  throw new Error(
    `selectBackend: no backend could be initialized, not even 'cpu'. Check the @tensorflow/tfjs-backend-cpu install.`,
  );
}
