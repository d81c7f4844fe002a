import { readFile } from 'node:fs/promises';
import { format } from 'node:util';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';

import * as backend from '../src/index.js';

/** Modules that the README example may import, by specifier. */
const modules: Record<string, unknown> = {
  '@tensorflow/tfjs-core': tf,
  '@tensorflow/tfjs-layers': tfl,
  '@projector-kit/backend': backend,
};

/** Returns the README's first ```js block with its import lines turned into lookups in `modules`. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const match = /```js\n([\s\S]*?)```/.exec(readme);
  if (match === null) {
    throw new Error('README.md has no ```js block');
  }

  return match[1].replace(
    /^import (\* as (\w+)|\{([^}]*)\}) from '([^']+)';$/gm,
    (_line, _clause, namespace, names, specifier) => {
      expect(Object.keys(modules), `README imports ${specifier}`).toContain(specifier);
      const module = `modules[${JSON.stringify(specifier)}]`;
      return namespace === undefined ? `const {${names}} = ${module};` : `const ${namespace} = ${module};`;
    },
  );
}

it('README example trains one step on wasm', async () => {
  const code = await readmeExample();
  const printed: string[] = [];
  const warned: string[] = [];
  const exampleConsole = {
    log: (...args: unknown[]) => printed.push(format(...args)),
    warn: (...args: unknown[]) => warned.push(format(...args)),
  };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<void>;

  await new AsyncFunction('modules', 'console', code)(modules, exampleConsole);

  const expectedFirstLine = /^\/\/ (backend .*)$/m.exec(code)?.[1];
  expect(printed[0]).toBe(expectedFirstLine);
  expect(printed[1]).toMatch(/^loss after one training step: \d+\.\d{3}$/);
  expect(Number(printed[1].split(': ')[1])).toBeGreaterThan(0);
  expect(warned).toEqual([]);
});
