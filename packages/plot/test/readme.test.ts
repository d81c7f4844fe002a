import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PNG } from 'pngjs';
import { afterEach, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const sourceIndex = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const startDir = process.cwd();
let workDir = '';

afterEach(() => {
  process.chdir(startDir);
  vi.restoreAllMocks();
  rmSync(workDir, { recursive: true, force: true });
});

it('README example runs and prints its comment', async () => {
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  workDir = mkdtempSync(join(tmpdir(), 'plot-readme-'));
  await writeFile(join(workDir, 'example.ts'), example!.replace("'@projector-kit/plot'", JSON.stringify(sourceIndex)));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});

  process.chdir(workDir);
  await import(join(workDir, 'example.ts'));

  const printed = log.mock.calls.map((call) => call.join(' '));
  const promised = [...example!.matchAll(/console\.log\(.*\); \/\/ (.*)/g)].map((match) => match[1]);
  expect(printed).toEqual(promised);
  const png = PNG.sync.read(readFileSync(join(workDir, 'scatter.png')));
  expect([png.width, png.height]).toEqual([800, 600]);
});
