import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { expect, test, vi } from 'vitest';

/** Returns the first ```ts block of the README. */
async function readmeExample(): Promise<string> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const match = /```ts\n([\s\S]*?)```/.exec(readme);
  if (match === null) throw new Error('README.md has no ```ts block');
  return match[1]!;
}

test('README example prints what its comments state', async () => {
  const code = await readmeExample();
  const expectedOutput = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((match) => match[1]);
  const dir = await mkdtemp(join(tmpdir(), 'mnist-loader-readme-'));
  const file = join(dir, 'example.ts');
  await writeFile(file, code);
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(format(...args));
  });

  try {
    await import(/* @vite-ignore */ file);
  } finally {
    log.mockRestore();
    await rm(dir, { recursive: true, force: true });
  }

  expect(expectedOutput.length).toBe(4);
  expect(printed).toEqual(expectedOutput);
});
