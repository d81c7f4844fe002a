import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { writeProjectorFolder, type FolderContents } from '../src/index.js';

describe('writeProjectorFolder extraFiles', () => {
  it('renders a function with the projector files and config', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pk-extra-')), 'folder');
    const tensor = { data: new Float32Array([1, 2, 3, 4, 5, 6]), shape: [3, 2] as [number, number] };
    let seen: FolderContents | undefined;

    await writeProjectorFolder(dir, {
      embeddings: [{ tensorName: 'points', tensor, metadata: ['a', 'b', 'c'] }],
      extraFiles: {
        'index.html': (folder) => {
          seen = folder;
          return `<p>${folder.files.map((file) => `${file.path}:${file.bytes ?? '?'}`).join(' ')}</p>`;
        },
      },
    });

    expect(seen?.config.embeddings[0]?.tensorShape).toEqual([3, 2]);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('points_tensor.bytes:24');
    expect(html).toContain('points_metadata.tsv:6');
    expect(html).toContain('projector_config.json:');
  });

  it('rejects a function that returns a number', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pk-extra-')), 'folder');
    const tensor = { data: new Float32Array([1, 2]), shape: [1, 2] as [number, number] };

    await expect(
      writeProjectorFolder(dir, {
        embeddings: [{ tensorName: 'points', tensor }],
        extraFiles: { 'x.txt': (() => 42) as unknown as () => string },
      }),
    ).rejects.toThrow('the function for extraFiles["x.txt"] must return a string or Uint8Array, returned number');
  });
});
