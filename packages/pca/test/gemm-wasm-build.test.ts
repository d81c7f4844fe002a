import { expect, test } from 'vitest';
// @ts-expect-error: a plain ESM build script without type declarations.
import { assembleGemmWasm, renderGemmWasmSource } from '../scripts/build-wasm.mjs';
import { readFileSync } from 'node:fs';

test('committed gemm-wasm.ts matches a fresh build of scripts/gemm-wat.mjs', async () => {
  const committed = readFileSync(new URL('../src/kernel/gemm-wasm.ts', import.meta.url), 'utf8');
  const fresh = renderGemmWasmSource(await assembleGemmWasm());

  expect(committed, 'run `node scripts/build-wasm.mjs` in packages/pca and commit the result').toBe(fresh);
});
