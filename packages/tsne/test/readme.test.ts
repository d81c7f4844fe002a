import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const sourceIndex = fileURLToPath(new URL('../src/index.ts', import.meta.url));
let workDir = '';

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(workDir, { recursive: true, force: true });
});

it('README example runs and prints its comments', async () => {
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  workDir = mkdtempSync(join(tmpdir(), 'tsne-readme-'));
  await writeFile(join(workDir, 'example.ts'), example!.replace("'@projector-kit/tsne'", JSON.stringify(sourceIndex)));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});

  await import(join(workDir, 'example.ts'));

  const printed = log.mock.calls.map((call) => call.join(' '));
  const promised = [...example!.matchAll(/console\.log\(.*\); \/\/ (.*)/g)].map((match) => match[1]);
  expect(promised).toHaveLength(3);
  expect(printed).toEqual(promised);
});
