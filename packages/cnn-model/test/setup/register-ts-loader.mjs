// Preloaded with `--import` into the test processes (see vitest.config.ts). Worker threads
// inherit the flag, so the workers that trainModelParallel starts from the TypeScript sources
// can load `src/replica-worker.ts` and its imports, which Node 20 cannot run by itself.
import { register } from 'node:module';

register('./ts-loader-hooks.mjs', import.meta.url);
