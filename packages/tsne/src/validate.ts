import type { Matrix } from './types.js';

/** Describes a received value for an error message: its value and, when that is unclear, its type. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as Float32Array).length}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return `a value of type ${typeof value}`;
}

/**
 * Checks that `matrix` is a row-major float32 matrix of finite values and returns its shape.
 *
 * @throws TypeError when `data` is not a Float32Array or `shape` is not `[rows, columns]`.
 * @throws RangeError when `data.length` differs from `rows * columns`, or a value is NaN or infinite.
 */
export function checkMatrix(operation: string, name: string, matrix: Matrix): [number, number] {
  if (matrix === null || typeof matrix !== 'object') {
    throw new TypeError(
      `${operation}: ${name} must be an object { data: Float32Array, shape: [rows, columns] }; received ${describe(matrix)}.`,
    );
  }
  const { data, shape } = matrix;
  if (!(data instanceof Float32Array)) {
    throw new TypeError(
      `${operation}: ${name}.data must be a Float32Array; received ${describe(data)}. Convert it with Float32Array.from(...).`,
    );
  }
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new TypeError(
      `${operation}: ${name}.shape must be [rows, columns] with non-negative integers; received ${JSON.stringify(shape)}.`,
    );
  }
  const [rows, columns] = shape as [number, number];
  if (data.length !== rows * columns) {
    throw new RangeError(
      `${operation}: ${name}.data has ${data.length} values but shape [${rows}, ${columns}] needs ${rows * columns}.`,
    );
  }
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      const row = Math.floor(k / columns);
      throw new RangeError(
        `${operation}: ${name} contains ${data[k]} at row ${row}, column ${k - row * columns}; ` +
          'all values must be finite. Remove or impute that row.',
      );
    }
  }
  return [rows, columns];
}

/** Throws a RangeError unless `value` is an integer in `[min, max]`. */
export function checkInteger(operation: string, name: string, value: unknown, min: number, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const domain = max === Infinity ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw new RangeError(`${operation}: ${name} must be ${domain}; received ${describe(value)}.`);
  }
  return value;
}

/** Throws a RangeError unless `value` is a finite number above `min` (or at least `min` when `inclusive`). */
export function checkNumber(operation: string, name: string, value: unknown, min: number, inclusive: boolean): number {
  const below = typeof value === 'number' && (inclusive ? value < min : value <= min);
  if (typeof value !== 'number' || !Number.isFinite(value) || below) {
    throw new RangeError(
      `${operation}: ${name} must be a finite number ${inclusive ? '>=' : '>'} ${min}; received ${describe(value)}.`,
    );
  }
  return value;
}

/** Throws a RangeError unless `value` is one of `allowed`. */
export function checkChoice<T>(operation: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    const list = allowed.map((a) => JSON.stringify(a)).join(' or ');
    throw new RangeError(`${operation}: ${name} must be ${list}; received ${describe(value)}.`);
  }
  return value as T;
}
