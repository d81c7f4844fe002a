import { readFile } from 'node:fs/promises';

import { expect, test, vi } from 'vitest';

test('README example is examples/extract-dense-features.ts and runs', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const example = await readFile(new URL('../examples/extract-dense-features.ts', import.meta.url), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');

  const lines: unknown[][] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args);
  });
  try {
    await import('../examples/extract-dense-features.js');
  } finally {
    log.mockRestore();
  }

  expect(lines.map((line) => line[0])).toEqual(['64/100 images', '100/100 images', 'dense_1']);
  expect(lines[2].slice(1)).toEqual([[100, 4096], [100, 10], 100]);
}, 60_000);
