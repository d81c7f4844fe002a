import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
});

test('README example runs and prints the model summary', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example, 'README has a js code block').toBeDefined();

  const sourceIndex = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  const directory = mkdtempSync(join(tmpdir(), 'pca-readme-'));
  const file = join(directory, 'example.ts');
  writeFileSync(file, example!.replace("'@projector-kit/pca'", JSON.stringify(sourceIndex)));
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...values: unknown[]) => {
    lines.push(values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(' '));
  });

  try {
    await import(file);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }

  expect(lines[0]).toBe('randomized [3,64] [1000,3] [1000,64]');
  expect(lines[1]).toMatch(/^explained variance ratio: \["0\.\d{3}","0\.\d{3}","0\.\d{3}"\]$/);
});
