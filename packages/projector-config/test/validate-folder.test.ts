import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';

import { assertValidProjectorFolder, ProjectorFolderError, validateProjectorFolder } from '../src/index.js';
import type { ValidationReport } from '../src/index.js';
import { encodeBlackPng, makeSprite, makeTempDir, makeTensor, problemsOf, writeFiles } from './helpers.js';

const ROWS = 9;
const COLS = 4;

/** Returns the files of a folder written by hand, not by writeProjectorFolder: 9 rows of 4 columns with labels, sprite and bookmarks. */
function goodFiles(): Record<string, string | Uint8Array> {
  const tensor = makeTensor(ROWS, COLS);
  const projections = Array.from({ length: ROWS }, (_, i) => ({ 'umap-0': i / 2, 'umap-1': 1 - i }));
  return {
    'vectors.bytes': new Uint8Array(tensor.data.buffer),
    'labels.tsv': Array.from({ length: ROWS }, (_, i) => `digit ${i}\n`).join(''),
    'sprite.png': makeSprite(ROWS, 4).png,
    'states.json': JSON.stringify([{ label: 'umap', selectedProjection: 'umap', projections }]),
  };
}

function goodEmbedding(): Record<string, unknown> {
  return {
    tensorName: 'vectors',
    tensorShape: [ROWS, COLS],
    tensorPath: 'vectors.bytes',
    metadataPath: 'labels.tsv',
    sprite: { imagePath: 'sprite.png', singleImageDim: [4, 4] },
    bookmarksPath: 'states.json',
  };
}

async function validateFolder(
  files: Record<string, string | Uint8Array>,
  embedding: Record<string, unknown> = goodEmbedding(),
): Promise<ValidationReport> {
  const dir = makeTempDir();
  await writeFiles(dir, { 'projector_config.json': JSON.stringify({ embeddings: [embedding] }), ...files });
  return validateProjectorFolder(dir);
}

function messages(report: ValidationReport, severity: 'error' | 'warning' | 'info'): string[] {
  return problemsOf(report, severity).map((problem) => `${problem.file}: ${problem.message}`);
}

describe(validateProjectorFolder, () => {
  it('accepts a hand-made folder', async () => {
    const report = await validateFolder(goodFiles());

    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.embeddings).toEqual([{ tensorName: 'vectors', rows: ROWS, cols: COLS }]);
  });

  it('reports float64 bytes', async () => {
    const float64 = Float64Array.from(makeTensor(ROWS, COLS).data);

    const report = await validateFolder({ ...goodFiles(), 'vectors.bytes': new Uint8Array(float64.buffer) });

    expect(report.ok).toBe(false);
    expect(messages(report, 'error')).toEqual([
      expect.stringMatching(/^vectors\.bytes: The file has 288 bytes, twice .* looks like float64/),
    ]);
  });

  it('reports a byte count for the wrong row count', async () => {
    const report = await validateFolder({ ...goodFiles(), 'vectors.bytes': new Uint8Array(8 * COLS * 4) });

    expect(messages(report, 'error')).toEqual([
      expect.stringContaining('128 bytes (8 rows of 4 float32 values), but tensorShape [9, 4] needs 144'),
    ]);
  });

  it('reports NaN bytes with row and column', async () => {
    const tensor = makeTensor(ROWS, COLS);
    tensor.data[5 * COLS + 3] = Number.NaN;

    const report = await validateFolder({ ...goodFiles(), 'vectors.bytes': new Uint8Array(tensor.data.buffer) });

    expect(messages(report, 'error')).toEqual([expect.stringContaining('NaN at row 5, column 3')]);
  });

  it('reports a missing metadata row naming both counts', async () => {
    const labels = Array.from({ length: ROWS - 1 }, (_, i) => `digit ${i}\n`).join('');

    const report = await validateFolder({ ...goodFiles(), 'labels.tsv': labels });

    expect(messages(report, 'error')).toEqual([
      expect.stringContaining('has 8 lines (no header line, because the first line has no tab), but the tensor has 9 rows'),
    ]);
  });

  it('reports a header in single-column metadata', async () => {
    const labels = `label\n${Array.from({ length: ROWS }, (_, i) => `${i}\n`).join('')}`;

    const report = await validateFolder({ ...goodFiles(), 'labels.tsv': labels });

    expect(messages(report, 'error')).toEqual([expect.stringContaining('a single-column file must not have one')]);
  });

  it('reports a missing header in two-column metadata', async () => {
    const labels = Array.from({ length: ROWS }, (_, i) => `${i}\ttrain\n`).join('');

    const report = await validateFolder({ ...goodFiles(), 'labels.tsv': labels });

    expect(messages(report, 'error')).toEqual([
      expect.stringContaining('8 rows after the header line, but the tensor has 9 rows. The first line contains a tab'),
    ]);
  });

  it('accepts two-column metadata with a header', async () => {
    const labels = `digit\tsplit\n${Array.from({ length: ROWS }, (_, i) => `${i}\ttrain\n`).join('')}`;

    const report = await validateFolder({ ...goodFiles(), 'labels.tsv': labels });

    expect(report.problems).toEqual([]);
  });

  it('reports CRLF line endings', async () => {
    const labels = Array.from({ length: ROWS }, (_, i) => `${i}\r\n`).join('');

    const report = await validateFolder({ ...goodFiles(), 'labels.tsv': labels });

    expect(report.ok).toBe(true);
    expect(messages(report, 'warning')).toEqual([expect.stringContaining('CRLF line endings (first at line 1)')]);
  });

  it('reports a blank line standing for a label', async () => {
    const lines = Array.from({ length: ROWS }, (_, i) => `${i}`);
    lines[3] = '';

    const report = await validateFolder({ ...goodFiles(), 'labels.tsv': `${lines.join('\n')}\n` });

    expect(messages(report, 'warning')).toEqual([expect.stringContaining('Line 4 is blank')]);
    expect(messages(report, 'error')).toEqual([expect.stringContaining('The projector skipped 1 blank line(s)')]);
  });

  it('reports uneven metadata rows and duplicate columns', async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => (i === 2 ? `${i}\ta\tb` : `${i}\ta`));

    const report = await validateFolder({ ...goodFiles(), 'labels.tsv': `x\tx\n${rows.join('\n')}\n` });

    expect(messages(report, 'warning')).toEqual([
      expect.stringContaining('names column "x" twice'),
      expect.stringContaining('Line 4 has 3 values, but the header has 2 columns'),
    ]);
  });

  it('reports a non-square sprite', async () => {
    const png = new PNG({ width: 12, height: 16 });

    const report = await validateFolder({ ...goodFiles(), 'sprite.png': PNG.sync.write(png) });

    expect(messages(report, 'error')).toEqual([expect.stringContaining('a grid of 3x4 cells that is not square')]);
  });

  it('reports a sprite above 8192 px', async () => {
    const embedding = { ...goodEmbedding(), sprite: { imagePath: 'sprite.png', singleImageDim: [2734, 2734] } };

    const report = await validateFolder({ ...goodFiles(), 'sprite.png': encodeBlackPng(8202, 8202) }, embedding);

    expect(messages(report, 'error')).toEqual([expect.stringContaining("8202x8202 px, above the projector's 8192 px limit")]);
  });

  it('reports a sprite with more cells than needed', async () => {
    const report = await validateFolder({ ...goodFiles(), 'sprite.png': makeSprite(16, 4).png });

    expect(report.ok).toBe(true);
    expect(messages(report, 'warning')).toEqual([expect.stringContaining('4 cells per side, where 9 rows need 3')]);
  });

  it('reports a sprite that is not a PNG', async () => {
    const report = await validateFolder({ ...goodFiles(), 'sprite.png': 'GIF89a' });

    expect(messages(report, 'error')).toEqual([expect.stringContaining('The sprite cannot be read: not a PNG file')]);
  });

  it('reports a truncated sprite', async () => {
    const png = makeSprite(ROWS, 4).png;

    const report = await validateFolder({ ...goodFiles(), 'sprite.png': png.subarray(0, png.length - 20) });

    expect(messages(report, 'error')).toEqual([expect.stringContaining('truncated PNG')]);
  });

  it('reports a missing file', async () => {
    const { 'labels.tsv': _labels, ...files } = goodFiles();

    const report = await validateFolder(files);

    expect(messages(report, 'error')).toEqual([
      expect.stringMatching(
        /^labels\.tsv: File not found: .*labels\.tsv\. Write the file, or correct embeddings\[0\]\.metadataPath/,
      ),
    ]);
  });

  it('reports invalid JSON with line and column', async () => {
    const dir = makeTempDir();
    await writeFiles(dir, { 'projector_config.json': '{\n  "embeddings": [\n    {"tensorName": "a",}\n  ]\n}\n' });

    const report = await validateProjectorFolder(dir);

    expect(messages(report, 'error')).toEqual([
      expect.stringContaining('projector_config.json: invalid JSON at line 3, column 24'),
    ]);
  });

  it('reports a missing config', async () => {
    const report = await validateProjectorFolder(makeTempDir());

    expect(messages(report, 'error')).toEqual([expect.stringMatching(/^projector_config\.json: File not found/)]);
  });

  it('reports bookmarks that are not an array', async () => {
    const report = await validateFolder({ ...goodFiles(), 'states.json': '{"projections": []}' });

    expect(messages(report, 'error')).toEqual(['states.json: Bookmarks must be a JSON array of saved states, found an object.']);
  });

  it.each([
    ['too few projections', [{ projections: [{ 'pca-0': 1 }] }], 'projections has 1 entries for 9 tensor rows'],
    [
      'a value that is not a number',
      [{ projections: Array.from({ length: ROWS }, (_, i) => ({ 'pca-0': i === 4 ? 'x' : i })) }],
      'projections[4]["pca-0"] is "x", not a finite number',
    ],
    [
      'keys that differ between points',
      [{ projections: Array.from({ length: ROWS }, (_, i) => (i === 6 ? { 'pca-0': 1 } : { 'pca-0': 1, 'pca-1': 2 })) }],
      'projections[6] has keys [pca-0] but projections[0] has [pca-0, pca-1]',
    ],
    ['an unknown key', [{ projections: Array.from({ length: ROWS }, () => ({ x: 1 })) }], 'projections[0] has key "x"'],
  ])('reports bookmarks with %s', async (_case, bookmarks, expected) => {
    const report = await validateFolder({ ...goodFiles(), 'states.json': JSON.stringify(bookmarks) });

    expect(messages(report, 'error')).toEqual([expect.stringContaining(`Bookmark 0: ${expected}`)]);
  });

  it('reports invalid bookmark JSON', async () => {
    const report = await validateFolder({ ...goodFiles(), 'states.json': '[{"label": "a"' });

    expect(messages(report, 'error')).toEqual([expect.stringContaining('states.json: invalid JSON at line 1, column 15')]);
  });

  it('accepts a TSV tensor', async () => {
    const tensor = makeTensor(ROWS, COLS);
    const lines = Array.from({ length: ROWS }, (_, row) =>
      Array.from(tensor.data.subarray(row * COLS, (row + 1) * COLS)).join('\t'),
    );
    const embedding = { ...goodEmbedding(), tensorPath: 'vectors.tsv' };

    const report = await validateFolder({ ...goodFiles(), 'vectors.tsv': `${lines.join('\n')}\n` }, embedding);

    expect(report.problems).toEqual([]);
  });

  it.each([
    [
      'a short row',
      (lines: string[]) => lines.map((line, i) => (i === 2 ? '1\t2\t3' : line)),
      'Line 3 has 3 values, but tensorShape says 4 columns',
    ],
    [
      'a word',
      (lines: string[]) => lines.map((line, i) => (i === 1 ? 'seven\t1\t2\t3' : line)),
      'Line 2, column 1 is "seven", not a finite number. The projector would read it as a label',
    ],
    ['a missing row', (lines: string[]) => lines.slice(1), 'The file has 8 rows, but tensorShape says 9'],
  ])('reports a TSV tensor with %s', async (_case, edit, expected) => {
    const lines = Array.from({ length: ROWS }, () => '0.5\t1\t-2\t3e-3');
    const embedding = { ...goodEmbedding(), tensorPath: 'vectors.tsv' };

    const report = await validateFolder({ ...goodFiles(), 'vectors.tsv': `${edit(lines).join('\n')}\n` }, embedding);

    expect(messages(report, 'error')).toEqual([expect.stringContaining(expected)]);
  });

  it('reports a query string after .bytes', async () => {
    const embedding = { ...goodEmbedding(), tensorPath: 'vectors.bytes?v=2' };

    const report = await validateFolder(goodFiles(), embedding);

    expect(messages(report, 'error')).toEqual([expect.stringContaining('query or fragment after ".bytes"')]);
  });

  it('reports absolute URLs as not checked locally', async () => {
    const embedding = { ...goodEmbedding(), tensorPath: 'https://example.org/vectors.bytes' };

    const report = await validateFolder(goodFiles(), embedding);

    expect(report.ok).toBe(true);
    expect(messages(report, 'info')).toEqual([
      'https://example.org/vectors.bytes: embeddings[0].tensorPath is an absolute URL, so it is not checked locally.',
    ]);
  });

  it('reports a Git LFS pointer', async () => {
    const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 144\n';

    const report = await validateFolder({ ...goodFiles(), 'vectors.bytes': pointer });

    expect(messages(report, 'error')).toEqual([expect.stringContaining('Git LFS pointer')]);
  });

  it('reports field errors, unknown fields and duplicate names', async () => {
    const dir = makeTempDir();
    const config = {
      embeddings: [
        { ...goodEmbedding(), metaDataPath: 'labels.tsv' },
        { ...goodEmbedding() },
        { tensorName: 'shapeless', tensorPath: 'vectors.bytes', tensorShape: [9, 0] },
      ],
    };
    await writeFiles(dir, { ...goodFiles(), 'projector_config.json': JSON.stringify(config) });

    const report = await validateProjectorFolder(dir);

    expect(messages(report, 'warning')).toEqual([expect.stringContaining('embeddings[0] has an unknown field "metaDataPath"')]);
    expect(messages(report, 'error')).toEqual([
      expect.stringContaining('embeddings[1]: tensorName "vectors" is used twice'),
      expect.stringContaining('embeddings[2].tensorShape must be [rows, cols] with positive integers, found [9,0]'),
    ]);
    expect(report.embeddings).toEqual([{ tensorName: 'vectors', rows: ROWS, cols: COLS }]);
  });

  it('reports an empty embeddings array', async () => {
    const dir = makeTempDir();
    await writeFiles(dir, { 'projector_config.json': '{"embeddings": []}' });

    const report = await validateProjectorFolder(dir);

    expect(messages(report, 'error')).toEqual([
      expect.stringContaining('"embeddings" must be a non-empty array, found an array with no entries'),
    ]);
  });
});

describe(assertValidProjectorFolder, () => {
  it('throws ProjectorFolderError listing the errors', async () => {
    const dir = makeTempDir();
    const { 'sprite.png': _sprite, ...files } = goodFiles();
    await writeFiles(dir, {
      ...files,
      'labels.tsv': 'a\nb\n',
      'projector_config.json': JSON.stringify({ embeddings: [goodEmbedding()] }),
    });

    const error = await assertValidProjectorFolder(dir).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ProjectorFolderError);
    const folderError = error as ProjectorFolderError;
    expect(folderError.errors.map((problem) => problem.file)).toEqual(['labels.tsv', 'sprite.png']);
    expect(folderError.message).toContain('2 errors in');
    expect(folderError.message).toContain('labels.tsv: The file has 2 lines');
    expect(folderError.message).toContain('sprite.png: File not found');
  });

  it('returns the report for a valid folder', async () => {
    const dir = makeTempDir();
    await writeFiles(dir, { ...goodFiles(), 'projector_config.json': JSON.stringify({ embeddings: [goodEmbedding()] }) });

    const report = await assertValidProjectorFolder(dir);

    expect(report.ok).toBe(true);
  });
});
