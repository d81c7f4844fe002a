import { readFile } from 'node:fs/promises';

import { expect, test, vi } from 'vitest';

test('README example is examples/quick-start.ts and runs', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const example = await readFile(new URL('../examples/quick-start.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');

  const lines: unknown[][] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args);
  });
  try {
    await import('../examples/quick-start.js');
  } finally {
    log.mockRestore();
  }

  expect(lines.map((line) => line[0])).toEqual([
    expect.stringMatching(/^step 25\/50: loss \d\.\d{3}, \d+ ms\/step$/),
    expect.stringMatching(/^step 50\/50: loss \d\.\d{3}, \d+ ms\/step$/),
    expect.stringMatching(/^test accuracy \d+\.\d % after 50 steps$/),
    { epoch: 1, step: 0 },
  ]);
  expect(lines[3][1]).toBe(50);
}, 180_000);
