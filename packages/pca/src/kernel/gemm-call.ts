import { GEMM_TILES } from './gemm-wasm.js';

/**
 * One matrix product C (m x n) = A (m x k) * B (k x n), plus C when `accumulate` is set, on
 * float32 matrices inside one memory. Pointers are byte offsets and strides count elements.
 * Element (i, p) of A is at `a + 4 * (i * aRow + p * aK)`, element (p, j) of B at
 * `b + 4 * (p * bK + j * bCol)` and element (i, j) of C at `c + 4 * (i * ldc + j)`, so a
 * transposed operand is a choice of strides.
 */
export interface GemmCall {
  m: number;
  n: number;
  k: number;
  a: number;
  aRow: number;
  aK: number;
  b: number;
  bK: number;
  bCol: number;
  c: number;
  ldc: number;
  accumulate: boolean;
}

/** Rows that the wasm kernel may read past the end of an A read in place (MR - 1). */
export const A_OVERREAD_ROWS = Math.max(...GEMM_TILES.map(([mr]) => mr)) - 1;

/** Picks the register tile [MR, NR] of a call: the narrow one when n is too small for the wide one. */
export function tileFor(call: GemmCall): readonly [number, number] {
  const [narrow, wide] = GEMM_TILES as readonly [readonly [number, number], readonly [number, number]];
  return call.n <= narrow[1] ? narrow : wide;
}

/**
 * Arguments of the wasm `gemm_MRxNR` export. A is packed when it is not row-major with unit
 * stride (a transposed A), because the kernel reads packed A at constant offsets and a
 * transposed A in place at a stride of whole rows measured 35 % slower.
 */
export function wasmArguments(call: GemmCall, work: number): number[] {
  const aPack = call.aK === 1 ? 0 : 1;
  return [
    call.m,
    call.n,
    call.k,
    call.a,
    call.aRow,
    call.aK,
    aPack,
    call.b,
    call.bK,
    call.bCol,
    call.c,
    call.ldc,
    call.accumulate ? 1 : 0,
    work,
  ];
}

/**
 * Splits a call into at most `parts` calls over disjoint row ranges of C, each a multiple of
 * `rowMultiple` rows except the last. Every element of C is computed by exactly one part with
 * the same arithmetic, so results do not depend on the split.
 */
export function splitRows(call: GemmCall, parts: number, rowMultiple: number): GemmCall[] {
  const chunk = Math.ceil(call.m / parts / rowMultiple) * rowMultiple;
  const calls: GemmCall[] = [];
  for (let start = 0; start < call.m; start += chunk) {
    calls.push({
      ...call,
      m: Math.min(chunk, call.m - start),
      a: call.a + 4 * start * call.aRow,
      c: call.c + 4 * start * call.ldc,
    });
  }
  return calls;
}
