import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, expect, it, vi } from 'vitest';

import { writeJpeg, writePng } from './images.js';

let folder: string;
const generated = join(import.meta.dirname, 'readme-example.generated.ts');

/** Writes the files the example reads: a (3, 4) float32 .npy, a CSV and two class folders. */
function writeExampleInputs(): void {
  const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";
  const padded = header.padEnd(128 - 10 - 1, ' ') + '\n';
  const npy = Buffer.alloc(128 + 12 * 4);
  npy.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  npy.writeUInt16LE(padded.length, 8);
  npy.write(padded, 10, 'latin1');
  Buffer.from(Float32Array.from({ length: 12 }, (_, i) => i / 4).buffer).copy(npy, 128);
  writeFileSync(join(folder, 'embeddings.npy'), npy);

  writeFileSync(join(folder, 'metadata.csv'), 'label,caption\n0,"a cat, asleep"\n1,dog\n1,"big ""dog"""\n');

  mkdirSync(join(folder, 'photos', 'cats'), { recursive: true });
  mkdirSync(join(folder, 'photos', 'dogs'), { recursive: true });
  writePng(join(folder, 'photos', 'cats', 'a.png'), 40, 20, () => [200, 120, 40, 255], 2);
  writeJpeg(join(folder, 'photos', 'dogs', 'b.jpg'), 16, 48, () => [20, 40, 200, 255], 90);
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'data-import-readme-'));
  writeExampleInputs();
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(generated, { force: true });
});

/** Returns the first ```ts block of the README, pointed at the inputs and the sources. */
function readmeExample(): string {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (code === undefined) {
    throw new Error('README.md has no ```ts example');
  }

  return code
    .replace("'@projector-kit/data-import'", "'../src/index.js'")
    .replaceAll("'embeddings.npy'", JSON.stringify(join(folder, 'embeddings.npy')))
    .replaceAll("'metadata.csv'", JSON.stringify(join(folder, 'metadata.csv')))
    .replaceAll("'photos'", JSON.stringify(join(folder, 'photos')));
}

it('README example runs', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  writeFileSync(generated, readmeExample());

  await import(generated);

  expect(log.mock.calls).toEqual([
    [[3, 4], 'float32'],
    [['label', 'caption'], 3],
    [
      [2, 32, 32, 3],
      ['cats', 'dogs'],
    ],
  ]);
  log.mockRestore();
});
