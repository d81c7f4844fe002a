import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, expect, it, vi } from 'vitest';

import { validateProjectorFolder } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const sourceIndex = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const startDir = process.cwd();
let workDir = '';

afterEach(() => {
  process.chdir(startDir);
  vi.restoreAllMocks();
  rmSync(workDir, { recursive: true, force: true });
});

it('README example runs and prints its comments', async () => {
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  workDir = mkdtempSync(join(tmpdir(), 'projector-config-readme-'));
  await writeFile(
    join(workDir, 'example.ts'),
    example!.replace("'@projector-kit/projector-config'", JSON.stringify(sourceIndex)),
  );
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});

  process.chdir(workDir);
  await import(join(workDir, 'example.ts'));

  const printed = log.mock.calls.map((call) => call.join(' '));
  const promised = [...example!.matchAll(/console\.log\(.*\); \/\/ (.*)/g)].map((match) => match[1]);
  expect(printed).toEqual(promised);
  const report = await validateProjectorFolder(join(workDir, 'projector-site'));
  expect(report.problems.map((problem) => problem.severity)).toEqual(['info', 'info']);
});
