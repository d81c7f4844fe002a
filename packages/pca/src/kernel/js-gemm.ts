import type { GemmCall } from './gemm-call.js';

/**
 * Computes a {@link GemmCall} with plain JavaScript loops on a float32 view of the memory,
 * accumulating in float64. Used where WebAssembly SIMD or shared memory is unavailable, and
 * far slower than the wasm kernel (see the package README for measured rates).
 */
export function jsGemm(memory: Float32Array, call: GemmCall): void {
  const { m, n, k, aRow, aK, bK, bCol, ldc, accumulate } = call;
  const a = call.a / 4;
  const b = call.b / 4;
  const c = call.c / 4;
  const row = new Float64Array(n);

  for (let i = 0; i < m; i++) {
    const cRow = c + i * ldc;
    for (let j = 0; j < n; j++) row[j] = accumulate ? memory[cRow + j]! : 0;

    for (let p = 0; p < k; p++) {
      const value = memory[a + i * aRow + p * aK]!;
      const bRow = b + p * bK;
      for (let j = 0; j < n; j++) row[j] += value * memory[bRow + j * bCol]!;
    }

    for (let j = 0; j < n; j++) memory[cRow + j] = row[j]!;
  }
}
