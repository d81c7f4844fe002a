import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { decodeFloat32LE, validateProjectorFolder, writeProjectorFolder } from '../src/index.js';
import type { ProjectorWarning, WriteProgress } from '../src/index.js';
import { makeSprite, makeTempDir, makeTensor } from './helpers.js';

const LABELS = ['seven', 'tab\there', 'new\nline', 'carriage\rreturn', 'back\\slash', 'chữ số 七 🙂', '', '  ', 'x'];
const ESCAPED = [
  'seven',
  'tab\\there',
  'new\\nline',
  'carriage\\rreturn',
  'back\\\\slash',
  'chữ số 七 🙂',
  '<empty>',
  '<empty>',
  'x',
];

async function readText(dir: string, file: string): Promise<string> {
  return readFile(join(dir, file), 'utf8');
}

describe(writeProjectorFolder, () => {
  it('round-trips tensor, metadata, sprite and bookmarks', async () => {
    const dir = join(makeTempDir(), 'site');
    const tensor = makeTensor(9, 5);
    const sprite = makeSprite(9);
    const bookmarks = [
      {
        label: 'offline t-SNE',
        selectedProjection: 'tsne',
        projections: LABELS.map((_, i) => ({ 'tsne-0': i, 'tsne-1': 1 - i })),
      },
    ];

    const written = await writeProjectorFolder(dir, {
      embeddings: [{ tensorName: 'digits', tensor, metadata: LABELS, sprite, bookmarks }],
    });

    const bytes = await readFile(join(dir, 'digits_tensor.bytes'));
    expect(bytes.length).toBe(9 * 5 * 4);
    expect(decodeFloat32LE(bytes)).toEqual(tensor.data);
    expect((await readFile(join(dir, 'digits_sprite.png'))).equals(sprite.png)).toBe(true);
    expect(JSON.parse(await readText(dir, 'digits_bookmarks.json'))).toEqual(bookmarks);
    expect(JSON.parse(await readText(dir, 'projector_config.json'))).toEqual({
      embeddings: [
        {
          tensorName: 'digits',
          tensorShape: [9, 5],
          tensorPath: 'digits_tensor.bytes',
          metadataPath: 'digits_metadata.tsv',
          sprite: { imagePath: 'digits_sprite.png', singleImageDim: [4, 4] },
          bookmarksPath: 'digits_bookmarks.json',
        },
      ],
    });
    expect(written.config).toEqual(JSON.parse(await readText(dir, 'projector_config.json')));
    const report = await validateProjectorFolder(dir);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('reports every file with its size on disk', async () => {
    const dir = join(makeTempDir(), 'site');

    const written = await writeProjectorFolder(dir, {
      embeddings: [{ tensorName: 'digits', tensor: makeTensor(4, 3), metadata: ['a', 'b', 'c', 'd'] }],
      extraFiles: { 'index.html': '<!doctype html>', 'plots/loss.svg': new Uint8Array([60, 115, 118, 103, 62]) },
    });

    expect(written.files.map((file) => file.path).sort()).toEqual(
      [
        'digits_metadata.tsv',
        'digits_tensor.bytes',
        'digits_tensor.tsv',
        'index.html',
        'plots/loss.svg',
        'projector_config.json',
        'projector_config.pbtxt',
      ].sort(),
    );
    for (const file of written.files) {
      expect((await stat(join(dir, file.path))).size, file.path).toBe(file.bytes);
    }
    expect(await readText(dir, 'plots/loss.svg')).toBe('<svg>');
  });

  it('writes one-column metadata without a header', async () => {
    const dir = join(makeTempDir(), 'site');

    await writeProjectorFolder(dir, { embeddings: [{ tensorName: 't', tensor: makeTensor(9, 2), metadata: LABELS }] });

    expect(await readText(dir, 't_metadata.tsv')).toBe(`${ESCAPED.join('\n')}\n`);
  });

  it('writes a header line for two columns', async () => {
    const dir = join(makeTempDir(), 'site');
    const rows = LABELS.map((label, i) => [i % 10, label]);

    await writeProjectorFolder(dir, {
      embeddings: [{ tensorName: 't', tensor: makeTensor(9, 2), metadata: { columns: ['digit', 'name'], rows } }],
    });

    const lines = (await readText(dir, 't_metadata.tsv')).split('\n');
    expect(lines[0]).toBe('digit\tname');
    expect(lines.length).toBe(1 + 9 + 1);
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, 10)).toEqual(
      LABELS.map((label, i) => `${i % 10}\t${label === '' || label === '  ' ? label : ESCAPED[i]}`),
    );
  });

  it('writes the TensorBoard pbtxt and TSV tensor', async () => {
    const dir = join(makeTempDir(), 'site');
    const tensor = makeTensor(4, 3);

    await writeProjectorFolder(dir, {
      embeddings: [{ tensorName: 'say "hi"', tensor, metadata: ['a', 'b', 'c', 'd'], sprite: makeSprite(4, 5) }],
    });

    expect(await readText(dir, 'projector_config.pbtxt')).toBe(
      [
        'embeddings {',
        '  tensor_name: "say \\"hi\\""',
        '  tensor_shape: 4',
        '  tensor_shape: 3',
        '  tensor_path: "say__hi__tensor.tsv"',
        '  metadata_path: "say__hi__metadata.tsv"',
        '  sprite {',
        '    image_path: "say__hi__sprite.png"',
        '    single_image_dim: 5',
        '    single_image_dim: 5',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const lines = (await readText(dir, 'say__hi__tensor.tsv')).split('\n');
    expect(lines.length).toBe(5);
    const values = lines.slice(0, 4).flatMap((line) => line.split('\t').map((value) => Math.fround(Number(value))));
    expect(Float32Array.from(values)).toEqual(tensor.data);
  });

  it('skips the TSV and pbtxt with tensorboard false', async () => {
    const dir = join(makeTempDir(), 'site');

    const written = await writeProjectorFolder(dir, {
      embeddings: [{ tensorName: 't', tensor: makeTensor(2, 2), tensorboard: false }],
    });

    expect(written.files.map((file) => file.path)).toEqual(['t_tensor.bytes', 'projector_config.json']);
  });

  it('makes every config path a URL under publicUrl', async () => {
    const dir = join(makeTempDir(), 'site');

    const written = await writeProjectorFolder(dir, {
      publicUrl: 'https://user.github.io/repo',
      embeddings: [{ tensorName: 'digits', tensor: makeTensor(9, 2), metadata: LABELS, sprite: makeSprite(9), bookmarks: [] }],
    });

    const embedding = written.config.embeddings[0]!;
    const paths = [embedding.tensorPath, embedding.metadataPath, embedding.sprite?.imagePath, embedding.bookmarksPath];
    expect(paths).toEqual([
      'https://user.github.io/repo/digits_tensor.bytes',
      'https://user.github.io/repo/digits_metadata.tsv',
      'https://user.github.io/repo/digits_sprite.png',
      'https://user.github.io/repo/digits_bookmarks.json',
    ]);
    expect(await readText(dir, 'projector_config.pbtxt')).toContain('tensor_path: "digits_tensor.tsv"');
    const report = await validateProjectorFolder(dir);
    expect(report.ok).toBe(true);
    expect(report.problems.map((problem) => problem.severity)).toEqual(['info', 'info', 'info', 'info']);
    expect(report.problems[0]!.message).toContain('not checked locally');
  });

  it('rejects a relative publicUrl', async () => {
    const dir = join(makeTempDir(), 'site');

    await expect(
      writeProjectorFolder(dir, { publicUrl: 'repo/', embeddings: [{ tensorName: 't', tensor: makeTensor(2, 2) }] }),
    ).rejects.toThrow('publicUrl must be an absolute http(s) URL');
  });

  it('gives tensor names that clash as files distinct stems', async () => {
    const dir = join(makeTempDir(), 'site');

    const written = await writeProjectorFolder(dir, {
      embeddings: [
        { tensorName: 'a b', tensor: makeTensor(2, 2), tensorboard: false },
        { tensorName: 'a_b', tensor: makeTensor(2, 2), tensorboard: false },
      ],
    });

    expect(written.config.embeddings.map((embedding) => embedding.tensorPath)).toEqual([
      'a_b_tensor.bytes',
      'a_b-2_tensor.bytes',
    ]);
  });

  it('reports progress after each file', async () => {
    const dir = join(makeTempDir(), 'site');
    const progress: WriteProgress[] = [];

    await writeProjectorFolder(
      dir,
      { embeddings: [{ tensorName: 't', tensor: makeTensor(2, 2) }] },
      { onProgress: (event) => progress.push(event) },
    );

    expect(progress.map(({ done, total }) => [done, total])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(progress[0]).toEqual({ file: 't_tensor.bytes', bytes: 16, done: 1, total: 4 });
  });
});

describe('writeProjectorFolder input checks', () => {
  it('rejects NaN with its row and column before writing', async () => {
    const dir = join(makeTempDir(), 'site');
    const tensor = makeTensor(5, 3);
    tensor.data[2 * 3 + 1] = Number.NaN;

    await expect(writeProjectorFolder(dir, { embeddings: [{ tensorName: 't', tensor }] })).rejects.toThrow(
      'the tensor contains NaN at row 2, column 1',
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('rejects infinity with its row and column', async () => {
    const tensor = makeTensor(5, 3);
    tensor.data[14] = Number.NEGATIVE_INFINITY;

    await expect(
      writeProjectorFolder(join(makeTempDir(), 'site'), { embeddings: [{ tensorName: 't', tensor }] }),
    ).rejects.toThrow('-Infinity at row 4, column 2');
  });

  it('rejects a metadata row count naming both numbers', async () => {
    const spec = { embeddings: [{ tensorName: 't', tensor: makeTensor(5, 3), metadata: ['a', 'b', 'c'] }] };

    await expect(writeProjectorFolder(join(makeTempDir(), 'site'), spec)).rejects.toThrow(
      'metadata has 3 rows, but the tensor has 5',
    );
  });

  it('rejects a tensor shape that does not match the data', async () => {
    const spec = { embeddings: [{ tensorName: 't', tensor: { data: new Float32Array(10), shape: [3, 3] } }] };

    await expect(writeProjectorFolder(join(makeTempDir(), 'site'), spec)).rejects.toThrow(
      'tensor.shape [3, 3] needs 9 values, but tensor.data has 10',
    );
  });

  it('rejects a sprite with too few cells', async () => {
    const spec = { embeddings: [{ tensorName: 't', tensor: makeTensor(5, 3), sprite: makeSprite(4) }] };

    await expect(writeProjectorFolder(join(makeTempDir(), 'site'), spec)).rejects.toThrow(
      'The sprite has 4 cells for 5 tensor rows',
    );
  });

  it('rejects bookmarks with the wrong number of projections', async () => {
    const bookmarks = [{ projections: [{ 'pca-0': 1 }] }];
    const spec = { embeddings: [{ tensorName: 't', tensor: makeTensor(2, 3), bookmarks }] };

    await expect(writeProjectorFolder(join(makeTempDir(), 'site'), spec)).rejects.toThrow(
      'projections has 1 entries for 2 tensor rows',
    );
  });

  it('rejects a duplicate tensorName', async () => {
    const spec = {
      embeddings: [
        { tensorName: 't', tensor: makeTensor(2, 2) },
        { tensorName: 't', tensor: makeTensor(2, 2) },
      ],
    };

    await expect(writeProjectorFolder(join(makeTempDir(), 'site'), spec)).rejects.toThrow('"t" is used twice');
  });

  it.each([['../escape.txt'], ['/abs.txt'], ['a//b.txt'], ['projector_config.json']])(
    'rejects extraFiles key %s',
    async (path) => {
      const spec = { embeddings: [{ tensorName: 't', tensor: makeTensor(2, 2) }], extraFiles: { [path]: 'x' } };

      await expect(writeProjectorFolder(join(makeTempDir(), 'site'), spec)).rejects.toThrow(
        `extraFiles key ${JSON.stringify(path)}`,
      );
    },
  );

  it('warns about more rows than t-SNE samples', async () => {
    const warnings: ProjectorWarning[] = [];

    const written = await writeProjectorFolder(
      join(makeTempDir(), 'site'),
      { embeddings: [{ tensorName: 'big', tensor: makeTensor(10_001, 2), tensorboard: false }] },
      { onWarning: (warning) => warnings.push(warning) },
    );

    expect(warnings.length).toBe(1);
    expect(warnings[0]!.tensorName).toBe('big');
    expect(warnings[0]!.message).toContain('10,001 rows');
    expect(warnings[0]!.message).toContain('random sample of 10,000 points and UMAP on 5,000');
    expect(written.warnings).toEqual(warnings);
  });

  it('warns about more columns than browser PCA uses', async () => {
    const warnings: ProjectorWarning[] = [];

    await writeProjectorFolder(
      join(makeTempDir(), 'site'),
      { embeddings: [{ tensorName: 'wide', tensor: makeTensor(3, 201), tensorboard: false }] },
      { onWarning: (warning) => warnings.push(warning) },
    );

    expect(warnings.map((warning) => warning.message)).toEqual([expect.stringContaining('201 columns')]);
  });
});

describe('writeProjectorFolder replacement', () => {
  async function writeOldFolder(dir: string): Promise<Record<string, string>> {
    await writeProjectorFolder(dir, {
      embeddings: [{ tensorName: 'old', tensor: makeTensor(3, 2, 7), metadata: ['x', 'y', 'z'] }],
      extraFiles: { 'old.txt': 'kept until replaced' },
    });
    return snapshot(dir);
  }

  async function snapshot(dir: string): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const name of (await readdir(dir)).sort()) {
      files[name] = (await readFile(join(dir, name))).toString('base64');
    }
    return files;
  }

  async function leftovers(parent: string): Promise<string[]> {
    return (await readdir(parent)).filter((name) => name.startsWith('.'));
  }

  it('keeps the old folder when a write fails midway', async () => {
    const parent = makeTempDir();
    const dir = join(parent, 'site');
    const before = await writeOldFolder(dir);
    const failAfterTwoFiles = ({ done }: WriteProgress): void => {
      if (done === 2) throw new Error('injected failure');
    };

    const write = writeProjectorFolder(
      dir,
      { embeddings: [{ tensorName: 'new', tensor: makeTensor(4, 2), metadata: ['a', 'b', 'c', 'd'] }] },
      { onProgress: failAfterTwoFiles },
    );

    await expect(write).rejects.toThrow('injected failure');
    expect(await snapshot(dir)).toEqual(before);
    expect(await leftovers(parent)).toEqual([]);
  });

  it('keeps the old folder when the tensor has NaN', async () => {
    const parent = makeTempDir();
    const dir = join(parent, 'site');
    const before = await writeOldFolder(dir);
    const tensor = makeTensor(4, 2);
    tensor.data[7] = Number.NaN;

    await expect(writeProjectorFolder(dir, { embeddings: [{ tensorName: 'new', tensor }] })).rejects.toThrow('row 3, column 1');

    expect(await snapshot(dir)).toEqual(before);
    expect(await leftovers(parent)).toEqual([]);
  });

  it('leaves nothing when a new folder fails', async () => {
    const parent = makeTempDir();
    const dir = join(parent, 'site');

    const write = writeProjectorFolder(
      dir,
      { embeddings: [{ tensorName: 't', tensor: makeTensor(2, 2) }] },
      {
        onProgress: () => {
          throw new Error('injected failure');
        },
      },
    );

    await expect(write).rejects.toThrow('injected failure');
    expect(await readdir(parent)).toEqual([]);
  });

  it('replaces the old folder completely', async () => {
    const parent = makeTempDir();
    const dir = join(parent, 'site');
    await writeOldFolder(dir);

    await writeProjectorFolder(dir, { embeddings: [{ tensorName: 'new', tensor: makeTensor(2, 2), tensorboard: false }] });

    expect((await readdir(dir)).sort()).toEqual(['new_tensor.bytes', 'projector_config.json']);
    expect(await leftovers(parent)).toEqual([]);
  });

  it('rejects an existing folder with overwrite false', async () => {
    const parent = makeTempDir();
    const dir = join(parent, 'site');
    const before = await writeOldFolder(dir);

    const write = writeProjectorFolder(
      dir,
      { embeddings: [{ tensorName: 't', tensor: makeTensor(2, 2) }] },
      { overwrite: false },
    );

    await expect(write).rejects.toThrow('already exists. Pass overwrite: true');
    expect(await snapshot(dir)).toEqual(before);
    expect(await leftovers(parent)).toEqual([]);
  });
});

describe('writeProjectorFolder after a killed writer', () => {
  const deadPid = 2 ** 22 + 12345;
  const tensor = { data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] as [number, number] };

  it('removes the temporary folder of a dead process', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'pk-abandoned-'));
    const stale = join(parent, `.out.tmp-${deadPid}-abcdef`);
    mkdirSync(stale);
    writeFileSync(join(stale, 'partial.bytes'), 'x');

    await writeProjectorFolder(join(parent, 'out'), { embeddings: [{ tensorName: 't', tensor }] });

    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('restores the backup of a dead process when the folder is missing', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'pk-abandoned-'));
    const backup = join(parent, `.out.old-${deadPid}-abcdef`);
    mkdirSync(backup);
    writeFileSync(join(backup, 'projector_config.json'), '{"embeddings":[]}');

    await writeProjectorFolder(join(parent, 'out'), {
      embeddings: [{ tensorName: 't', tensor }],
      extraFiles: { 'new.txt': 'new' },
    });

    expect(existsSync(backup)).toBe(false);
    expect(readFileSync(join(parent, 'out', 'new.txt'), 'utf8')).toBe('new');
  });

  it('keeps the temporary folder of a running process', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'pk-abandoned-'));
    const live = join(parent, `.out.tmp-${process.pid}-abcdef`);
    mkdirSync(live);

    await writeProjectorFolder(join(parent, 'out'), { embeddings: [{ tensorName: 't', tensor }] });

    expect(existsSync(live)).toBe(true);
  });
});
