import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

import { selectBackend } from '../src/index.js';

/** A tensor as plain data: values in row-major order and the shape. */
export interface TensorData {
  data: Float32Array;
  shape: number[];
}

/** A tensor in float64, for references computed outside tfjs. */
export interface Float64TensorData {
  data: Float64Array;
  shape: number[];
}

/** Returns a seeded generator of uniform numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns an integer in [low, high], both included. */
export function randomInteger(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** Returns a tensor of the given shape with values uniform in [-1, 1). */
export function randomTensor(random: () => number, shape: number[]): TensorData {
  const size = shape.reduce((product, length) => product * length, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    data[i] = random() * 2 - 1;
  }
  return { data, shape };
}

/** Makes the wasm backend current with our kernels, and registers the cpu backend for references. */
export async function setUpBackends(): Promise<void> {
  await selectBackend({ backend: 'cpu' });
  await selectBackend({ backend: 'wasm' });
}

/** Number of data buffers the current backend holds: it also counts intermediates that never became tensors. */
export function backendDataCount(): number {
  return tf.engine().backend.numDataIds();
}

/**
 * Runs one kernel on the named backend and returns its first output as plain data. Checks that
 * the call leaves no tensor and no backend data buffer behind.
 */
export async function runKernelOn(
  backendName: 'wasm' | 'cpu',
  kernelName: string,
  inputs: Record<string, TensorData>,
  attrs: object,
): Promise<TensorData> {
  await tf.setBackend(backendName);
  const tensorsBefore = tf.memory().numTensors;
  const buffersBefore = backendDataCount();

  const inputTensors = Object.fromEntries(
    Object.entries(inputs).map(([name, { data, shape }]) => [name, tf.tensor(data, shape, 'float32')]),
  );
  const result = tf.engine().runKernel(kernelName, inputTensors, attrs as tf.NamedAttrMap);
  const output = Array.isArray(result) ? result[0] : result;
  const values = { data: new Float32Array(output.dataSync()), shape: output.shape };
  tf.dispose([result, ...Object.values(inputTensors)]);

  expect(tf.memory().numTensors, `${kernelName} on ${backendName} leaked tensors`).toBe(tensorsBefore);
  expect(backendDataCount(), `${kernelName} on ${backendName} leaked backend data buffers`).toBe(buffersBefore);
  return values;
}

/**
 * Expects `actual` to match `expected` in shape and, element by element, within
 * |actual - expected| <= relativeTolerance * max(1, max |expected|). The bound scales with the
 * largest expected magnitude because a float32 sum's rounding error scales with the magnitude
 * of its terms, not with the (possibly cancelled) result. Reports the first index that differs.
 */
export function expectClose(
  actual: TensorData | Float64TensorData,
  expected: TensorData | Float64TensorData,
  relativeTolerance = 1e-4,
): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.data.length).toBe(expected.data.length);

  let largest = 1;
  for (const value of expected.data) {
    largest = Math.max(largest, Math.abs(value));
  }
  const bound = relativeTolerance * largest;
  for (let i = 0; i < expected.data.length; i++) {
    const difference = Math.abs(actual.data[i] - expected.data[i]);
    if (!(difference <= bound)) {
      expect.fail(
        `index ${i} of ${expected.data.length} (shape [${expected.shape}]): got ${actual.data[i]}, ` +
          `expected ${expected.data[i]}, difference ${difference} > ${bound}`,
      );
    }
  }
}

/** Formats a padding attribute for test titles: 'valid', 'same', a number, or explicit pads. */
export function formatPad(pad: unknown): string {
  return typeof pad === 'string' || typeof pad === 'number' ? String(pad) : JSON.stringify(pad);
}
