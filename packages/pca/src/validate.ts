import type { FitPcaOptions, Matrix, PcaMethod } from './types.js';

const METHODS: readonly PcaMethod[] = ['auto', 'exact', 'randomized'];

/** Checks a matrix argument; returns `[rows, cols]`. Throws TypeError or RangeError naming `operation`. */
export function validateMatrix(operation: string, name: string, matrix: Matrix): [number, number] {
  if (!(matrix?.data instanceof Float32Array)) {
    const data = (matrix as { data?: unknown } | undefined)?.data;
    const received = data === null || data === undefined ? String(data) : (data.constructor?.name ?? typeof data);
    throw new TypeError(
      `${operation}: ${name}.data must be a Float32Array; received ${received}. Convert it with Float32Array.from().`,
    );
  }
  const shape = matrix.shape;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((size) => Number.isInteger(size) && size >= 0)) {
    throw new TypeError(
      `${operation}: ${name}.shape must be [rows, columns] with whole numbers; received ${JSON.stringify(shape)}.`,
    );
  }
  const [rows, cols] = shape as [number, number];
  if (rows === 0 || cols === 0) {
    throw new RangeError(`${operation}: ${name} must have at least one row and one column; received shape [${rows}, ${cols}].`);
  }
  if (matrix.data.length !== rows * cols) {
    throw new RangeError(
      `${operation}: ${name}.data has ${matrix.data.length} values but shape [${rows}, ${cols}] needs ${rows * cols}; ` +
        'fix the shape or the data.',
    );
  }
  return [rows, cols];
}

/** Throws RangeError at the first NaN or infinite value of a row-major matrix. */
export function rejectNonFinite(operation: string, name: string, data: Float32Array, cols: number): void {
  for (let index = 0; index < data.length; index++) {
    const value = data[index]!;
    if (value - value !== 0) {
      const row = Math.floor(index / cols);
      throw new RangeError(
        `${operation}: ${name} contains ${value} at row ${row}, column ${index - row * cols}; ` +
          'PCA needs finite values, so remove or impute them first.',
      );
    }
  }
}

/** Fit options with defaults applied. */
export interface ResolvedFitOptions {
  components: number;
  method: 'exact' | 'randomized';
  seed: number;
  powerIterations: number;
  oversamples: number;
  threads: number;
}

/** Validates {@link FitPcaOptions} for a rows x cols matrix and applies the defaults. */
export function resolveFitOptions(
  operation: string,
  options: Omit<FitPcaOptions, 'onProgress'>,
  rows: number,
  cols: number,
  defaultThreads: number,
): ResolvedFitOptions {
  const limit = Math.min(rows, cols);
  const { components, method = 'auto', seed = 0, oversamples = 10, threads = defaultThreads } = options ?? {};

  if (!Number.isInteger(components) || components < 1 || components > limit) {
    const fix = components > limit ? `Lower components to at most ${limit}.` : 'Pass a whole number of at least 1.';
    throw new RangeError(
      `${operation}: options.components must be a whole number from 1 to min(rows, columns) = ${limit}; ` +
        `received ${String(components)}. ${fix}`,
    );
  }
  if (!METHODS.includes(method)) {
    throw new RangeError(
      `${operation}: options.method must be one of ${METHODS.map((name) => `'${name}'`).join(', ')}; received ${JSON.stringify(method)}.`,
    );
  }
  const powerIterations = options?.powerIterations ?? (components < 0.1 * limit ? 7 : 4);
  requireWholeNumber(operation, 'powerIterations', powerIterations, 0);
  requireWholeNumber(operation, 'oversamples', oversamples, 0);
  requireWholeNumber(operation, 'seed', seed, 0);
  requireWholeNumber(operation, 'threads', threads, 1);

  const randomized = method === 'randomized' || (method === 'auto' && Math.max(rows, cols) > 500 && components < 0.8 * limit);
  return { components, method: randomized ? 'randomized' : 'exact', seed, powerIterations, oversamples, threads };
}

/** Throws RangeError unless `value` is an integer of at least `minimum`. */
export function requireWholeNumber(operation: string, name: string, value: unknown, minimum: number): void {
  if (!Number.isInteger(value) || (value as number) < minimum) {
    throw new RangeError(
      `${operation}: options.${name} must be a whole number of at least ${minimum}; received ${String(value)}.`,
    );
  }
}
