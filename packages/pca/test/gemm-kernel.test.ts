import { describe, expect, test } from 'vitest';
import { ComputeContext, matrixBytes } from '../src/kernel/compute-context.js';
import type { GemmCall } from '../src/kernel/gemm-call.js';
import { expectClose, seededNormal } from './helpers.js';

interface Case {
  m: number;
  n: number;
  k: number;
  transposeA: boolean;
  transposeB: boolean;
  accumulate: boolean;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 5, 13],
  [3, 17, 2],
  [13, 37, 300],
  [61, 130, 517],
  [130, 9, 1030],
  [517, 70, 301],
];

const CASES: Case[] = SHAPES.flatMap(([m, n, k]) =>
  [false, true].flatMap((transposeA) =>
    [false, true].map((transposeB) => ({ m, n, k, transposeA, transposeB, accumulate: (m + n + k) % 2 === 0 })),
  ),
);

/** Runs one product in a context and compares it with a float64 reference. */
async function checkProduct(context: ComputeContext, testCase: Case, threaded: boolean): Promise<void> {
  const { m, n, k, transposeA, transposeB, accumulate } = testCase;
  const a = Float32Array.from(seededNormal(m * k, m + 1));
  const b = Float32Array.from(seededNormal(k * n, n + 2));
  const initial = Float32Array.from(seededNormal(m * n, k + 3));
  const aPointer = context.allocate(transposeA ? k : m, transposeA ? m : k);
  const bPointer = context.allocate(transposeB ? n : k, transposeB ? k : n);
  const cPointer = context.allocate(m, n);
  context.view(aPointer, m * k).set(a);
  context.view(bPointer, k * n).set(b);
  context.view(cPointer, m * n).set(initial);

  // A stored m x k (or k x m when transposed), B stored k x n (or n x k).
  const call: GemmCall = {
    m,
    n,
    k,
    a: aPointer,
    aRow: transposeA ? 1 : k,
    aK: transposeA ? m : 1,
    b: bPointer,
    bK: transposeB ? 1 : n,
    bCol: transposeB ? k : 1,
    c: cPointer,
    ldc: n,
    accumulate,
  };
  if (threaded) await context.gemm(call);
  else context.gemmSync(call);

  const expected = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = accumulate ? initial[i * n + j]! : 0;
      for (let p = 0; p < k; p++) sum += a[i * call.aRow + p * call.aK]! * b[p * call.bK + j * call.bCol]!;
      expected[i * n + j] = sum;
    }
  }
  // float32 accumulation over k terms of unit-variance products: error grows like sqrt(k) * 6e-8.
  expectClose(context.view(cPointer, m * n), expected, 2e-5 * Math.sqrt(k) + 1e-6, JSON.stringify(testCase));
}

function capacityFor(cases: Case[]): number {
  return cases.reduce((sum, { m, n, k }) => sum + matrixBytes(m, k) + matrixBytes(k, n) + matrixBytes(m, n), 0);
}

describe('gemm', () => {
  test.each(CASES)('wasm m=$m n=$n k=$k transposeA=$transposeA transposeB=$transposeB', async (testCase) => {
    const context = ComputeContext.createSync({ capacityBytes: capacityFor([testCase]), operation: 'test' });
    expect(context.kernel).toBe('wasm');
    await checkProduct(context, testCase, false);
  });

  test('wasm split over two worker threads matches the reference', async () => {
    // Products of at least 2e7 floating-point operations are split over the workers.
    const cases = CASES.filter(({ m, n, k }) => 2 * m * n * k >= 2e7);
    expect(cases.length).toBeGreaterThan(0);
    const context = await ComputeContext.create({ capacityBytes: capacityFor(cases), threads: 2, operation: 'test' });
    try {
      for (const testCase of cases) await checkProduct(context, testCase, true);
    } finally {
      context.dispose();
    }
  });

  test('plain JavaScript fallback matches the reference', async () => {
    const cases = CASES.filter(({ m, n, k }) => m * n * k < 1e6);
    const context = ComputeContext.createSync({ capacityBytes: capacityFor(cases), kernel: 'js', operation: 'test' });
    expect(context.kernel).toBe('js');
    for (const testCase of cases) await checkProduct(context, testCase, false);
  });
});
