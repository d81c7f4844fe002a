import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The README example imports the package by name; the tests run it against the sources.
    alias: { '@projector-kit/cnn-model': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    execArgv: ['--import', fileURLToPath(new URL('./test/setup/register-ts-loader.mjs', import.meta.url))],
  },
});
