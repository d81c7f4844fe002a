import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, expect, it, vi } from 'vitest';

import { makeKerasFixtures } from './fixtures.js';

let folder: string;
const generated = join(import.meta.dirname, 'readme-example.generated.ts');

beforeAll(() => {
  folder = makeKerasFixtures();
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(generated, { force: true });
});

/** Returns the first ```ts block of the README, pointed at the fixtures and the sources. */
function readmeExample(): string {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (code === undefined) {
    throw new Error('README.md has no ```ts example');
  }

  return code
    .replace("'@projector-kit/keras-import'", "'../src/index.js'")
    .replaceAll("'model.json'", JSON.stringify(join(folder, 'model_list.json')))
    .replaceAll("'weights.h5'", JSON.stringify(join(folder, 'weights.h5')));
}

it('README example runs', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  writeFileSync(generated, readmeExample());

  await import(generated);

  expect(log).toHaveBeenCalledWith(expect.arrayContaining(['conv2d_1 (Conv2D)', 'dense_2 (Dense)']));
  expect(log.mock.calls[1]?.[0]).toEqual([1, 3]);
  const probabilities = log.mock.calls[1]?.[1] as Float32Array;
  expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
  log.mockRestore();
});
