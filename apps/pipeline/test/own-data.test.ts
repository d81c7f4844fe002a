import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { selectBackend } from '@projector-kit/backend';
import { loadKerasModel } from '@projector-kit/keras-import';
import { validateProjectorFolder } from '@projector-kit/projector-config';
import { io } from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { parseOptions, UsageError } from '../src/options.js';
import { EMBEDDINGS_OPTIONS, IMAGES_OPTIONS, runEmbeddings, runImages } from '../src/own-data/index.js';
import { modelInputRows, planModelInput } from '../src/own-data/model-input.js';
import { Reporter } from '../src/progress.js';

const PYTHON = '/usr/bin/python3';
const KERAS_FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'packages',
  'keras-import',
  'test',
  'fixtures',
);
const CLASSES = ['circle', 'cross', 'square'];
const IMAGES_PER_CLASS = 10;

const work = mkdtempSync(join(tmpdir(), 'pk-own-data-'));

/** Creates a reporter that keeps its lines for the checks. */
function quietReporter(): { reporter: Reporter; log: () => string } {
  let text = '';
  const reporter = new Reporter({ write: (chunk: string) => ((text += chunk), true) }, false);
  return { reporter, log: () => text };
}

/** Parses `argv` as the CLI does and runs `embeddings` in-process. */
async function embeddings(argv: string[]): Promise<{ summary: string; log: string }> {
  const { reporter, log } = quietReporter();
  const summary = await runEmbeddings(parseOptions(argv, EMBEDDINGS_OPTIONS).values, reporter);
  return { summary, log: log() };
}

/** Parses `argv` as the CLI does and runs `images` in-process. */
async function images(argv: string[]): Promise<{ summary: string; log: string }> {
  const { reporter, log } = quietReporter();
  const summary = await runImages(parseOptions(argv, IMAGES_OPTIONS).values, reporter);
  return { summary, log: log() };
}

/** Returns a small seeded PRNG (mulberry32), so that the generated data repeats. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes `dir/<class>/<n>.png` RGB images of `side` px: a shape per class in a colour per
 * class, with seeded noise. Returns the RGB bytes of every image in reading order.
 */
function writeImageFolder(dir: string, side: number, seed: number): Uint8Array {
  const next = random(seed);
  const colours = [
    [230, 60, 40],
    [40, 200, 90],
    [50, 80, 230],
  ];
  const pixels = new Uint8Array(CLASSES.length * IMAGES_PER_CLASS * side * side * 3);
  let offset = 0;

  CLASSES.forEach((name, classIndex) => {
    mkdirSync(join(dir, name), { recursive: true });
    for (let n = 0; n < IMAGES_PER_CLASS; n++) {
      const png = new PNG({ width: side, height: side });
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const inside = classShape(classIndex, (x + 0.5) / side - 0.5, (y + 0.5) / side - 0.5);
          for (let c = 0; c < 3; c++) {
            const value = Math.round((inside ? colours[classIndex]![c]! : 20) * (0.8 + 0.2 * next()));
            png.data[(y * side + x) * 4 + c] = value;
            pixels[offset++] = value;
          }
          png.data[(y * side + x) * 4 + 3] = 255;
        }
      }
      writeFileSync(join(dir, name, `${String(n).padStart(2, '0')}.png`), PNG.sync.write(png, { colorType: 2 }));
    }
  });
  return pixels;
}

function classShape(classIndex: number, u: number, v: number): boolean {
  if (classIndex === 0) {
    return u * u + v * v < 0.12;
  }
  if (classIndex === 1) {
    return Math.abs(u) < 0.1 || Math.abs(v) < 0.1;
  }
  return Math.abs(u) < 0.3 && Math.abs(v) < 0.3;
}

/** Encodes a float32 C-order NPY v1.0 file, its header padded to 64 bytes as NumPy does. */
function npyFloat32(data: Float32Array, shape: number[]): Buffer {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const padding = (64 - ((10 + dict.length + 1) % 64)) % 64;
  const header = `${dict}${' '.repeat(padding)}\n`;
  const prefix = Buffer.alloc(10);
  Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0]).copy(prefix);
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

/** Returns `rows` points of `columns` values around one centre per class, class `row % 3`. */
function clusteredTensor(rows: number, columns: number, seed: number): Float32Array {
  const next = random(seed);
  const data = new Float32Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < columns; col++) {
      data[row * columns + col] = (col % 3 === row % 3 ? 5 : 0) + next();
    }
  }
  return data;
}

interface ConfigEmbedding {
  tensorName: string;
  tensorShape: number[];
  tensorPath: string;
  metadataPath: string;
  bookmarksPath: string;
  sprite: { imagePath: string; singleImageDim: number[] };
}

function readConfig(dir: string): { embeddings: ConfigEmbedding[] } {
  return JSON.parse(readFileSync(join(dir, 'projector_config.json'), 'utf8'));
}

function metadataLines(dir: string): string[] {
  const embedding = readConfig(dir).embeddings[0]!;
  return readFileSync(join(dir, embedding['metadataPath']), 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

function tensorValues(dir: string): Float32Array {
  const embedding = readConfig(dir).embeddings[0]!;
  const bytes = readFileSync(join(dir, embedding['tensorPath']));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const smallLayouts = ['--tsne-iterations', '250', '--umap-neighbors', '5'];

describe('projector-kit embeddings', () => {
  it('writes an .npy tensor with CSV metadata and layouts', async () => {
    const rows = 40;
    const tensorFile = join(work, 'points.npy');
    writeFileSync(tensorFile, npyFloat32(clusteredTensor(rows, 6, 1), [rows, 6]));
    const csv = ['group,name', ...Array.from({ length: rows }, (_, row) => `g${row % 3},"point ${row}, quoted"`)].join('\n');
    writeFileSync(join(work, 'points.csv'), `${csv}\n`);
    const out = join(work, 'points-out');

    const { summary, log } = await embeddings([
      '--tensor',
      tensorFile,
      '--metadata',
      join(work, 'points.csv'),
      '--components',
      '3',
      ...smallLayouts,
      '--out',
      out,
    ]);

    const report = await validateProjectorFolder(out);
    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(report.embeddings).toEqual([expect.objectContaining({ tensorName: 'points', rows, cols: 3 })]);
    expect(metadataLines(out)[0]).toBe('group\tname');
    expect(metadataLines(out)[1]).toBe('g0\tpoint 0, quoted');
    expect(log).toContain('t-SNE: perplexity 12, because 40 rows are too few for the default 30.');
    expect(summary).toMatch(/explained variance: +\d+\.\d\d% kept by PCA/);
    expect(summary).toMatch(/10-NN label agreement: 100\.00% in the written tensor/);
    expect(summary).toMatch(/ serve .*points-out/);
  });

  it('writes t-SNE and UMAP bookmarks, plots and index.html', async () => {
    const out = join(work, 'points-out');
    const embedding = readConfig(out).embeddings[0]!;
    const bookmarks = JSON.parse(readFileSync(join(out, embedding['bookmarksPath']), 'utf8'));

    expect(bookmarks.map((state: { selectedProjection: string }) => state.selectedProjection)).toEqual(['tsne', 'umap']);
    expect(Object.keys(bookmarks[0].projections[0]).sort()).toEqual(['tsne-0', 'tsne-1', 'umap-0', 'umap-1']);
    expect(bookmarks[0].selectedColorOptionName).toBe('group');
    for (const plot of ['plot_tsne_labels.png', 'plot_umap_labels.png']) {
      expect(PNG.sync.read(readFileSync(join(out, plot))).width).toBeGreaterThan(100);
    }
    expect(existsSync(join(out, 'plot_tsne_thumbnails.png'))).toBe(false);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('points in the Embedding Projector');
  });

  it('reads a .bytes tensor with --shape and images for the sprite', async () => {
    const imageDir = join(work, 'sprite-images');
    writeImageFolder(imageDir, 20, 2);
    const rows = CLASSES.length * IMAGES_PER_CLASS;
    const tensorFile = join(work, 'rows.bytes');
    writeFileSync(tensorFile, Buffer.from(clusteredTensor(rows, 4, 3).buffer));
    const out = join(work, 'bytes-out');

    const { summary } = await embeddings([
      '--tensor',
      tensorFile,
      '--shape',
      `${rows}x4`,
      '--sprite-images',
      imageDir,
      '--cell-size',
      '16',
      '--skip-tsne',
      '--skip-umap',
      '--out',
      out,
    ]);

    const report = await validateProjectorFolder(out);
    const embedding = readConfig(out).embeddings[0]!;
    expect(report.ok).toBe(true);
    expect(embedding['sprite'].singleImageDim).toEqual([16, 16]);
    expect(PNG.sync.read(readFileSync(join(out, embedding['sprite'].imagePath))).width).toBe(6 * 16);
    expect(metadataLines(out).slice(0, 2)).toEqual(['label\tfile', 'circle\tcircle/00.png']);
    expect(Array.from(tensorValues(out).subarray(0, 4))).toEqual(Array.from(clusteredTensor(rows, 4, 3).subarray(0, 4)));
    expect(summary).toContain('coloured by:        label (3 distinct values)');
  });

  it('rejects metadata with fewer rows than the tensor', async () => {
    writeFileSync(join(work, 'short.npy'), npyFloat32(clusteredTensor(12, 3, 4), [12, 3]));
    writeFileSync(join(work, 'short.tsv'), `label\n${Array.from({ length: 10 }, (_, row) => `r${row}`).join('\n')}\n`);

    await expect(
      embeddings(['--tensor', join(work, 'short.npy'), '--metadata', join(work, 'short.tsv'), '--out', join(work, 'short-out')]),
    ).rejects.toThrow(`--metadata ${join(work, 'short.tsv')} has 10 rows, but --tensor ${join(work, 'short.npy')} has 12.`);
  });

  it('names the header rule when metadata is one row short', async () => {
    writeFileSync(join(work, 'no-header.tsv'), `${Array.from({ length: 12 }, (_, row) => `r${row}`).join('\n')}\n`);

    await expect(
      embeddings([
        '--tensor',
        join(work, 'short.npy'),
        '--metadata',
        join(work, 'no-header.tsv'),
        '--out',
        join(work, 'short-out'),
      ]),
    ).rejects.toThrow('if the file has no header line, add one, such as "label"');
  });

  it('rejects a .bytes file whose size does not match --shape', async () => {
    const tensorFile = join(work, 'odd.bytes');
    writeFileSync(tensorFile, Buffer.alloc(10 * 4 * 4));

    await expect(embeddings(['--tensor', tensorFile, '--shape', '10x5', '--out', join(work, 'odd-out')])).rejects.toThrow(
      'has 160 bytes, but shape [10, 5] of float32 needs 200 bytes. The size fits 8 rows of 5 float32 values.',
    );
  });

  it('rejects a .bytes file without --shape', async () => {
    await expect(embeddings(['--tensor', join(work, 'odd.bytes'), '--out', join(work, 'odd-out')])).rejects.toThrow(
      /Missing --shape .*Pass --shape ROWSxCOLS/,
    );
  });

  it('rejects NaN naming its row and column', async () => {
    const data = clusteredTensor(12, 3, 5);
    data[7 * 3 + 2] = Number.NaN;
    writeFileSync(join(work, 'nan.npy'), npyFloat32(data, [12, 3]));

    await expect(embeddings(['--tensor', join(work, 'nan.npy'), '--out', join(work, 'nan-out')])).rejects.toThrow(
      'contains NaN at row 7, column 2 (counting from 0, as a[7, 2] in NumPy); 1 value(s) in 1 row(s) are NaN or infinite.',
    );
  });

  it('rejects a perplexity too large for the rows', async () => {
    await expect(
      embeddings(['--tensor', join(work, 'short.npy'), '--perplexity', '5', '--skip-umap', '--out', join(work, 'p-out')]),
    ).rejects.toThrow(
      'Invalid --perplexity 5: t-SNE needs a perplexity below (rows - 1) / 3 = 3.67 for 12 rows. Pass --perplexity 3 or less',
    );
  });

  it('rejects more components than columns', async () => {
    await expect(
      embeddings(['--tensor', join(work, 'short.npy'), '--components', '4', '--out', join(work, 'c-out')]),
    ).rejects.toThrow(
      'Invalid --components 4: PCA keeps at most min(rows, columns) = 3 components of a 12 x 3 tensor. Pass --components 3 or less',
    );
  });

  it('rejects an output folder that contains an input', async () => {
    const attempt = embeddings(['--tensor', join(work, 'short.npy'), '--out', work]);

    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(`--out ${work} contains the input --tensor`);
  });
});

describe('projector-kit images', () => {
  const imageDir = join(work, 'shapes');
  let pixels: Uint8Array;

  beforeAll(() => {
    pixels = writeImageFolder(imageDir, 12, 6);
  });

  it('writes the pixels of 30 images with a sprite and labels', async () => {
    const out = join(work, 'shapes-pixels');

    const { summary } = await images([
      '--dir',
      imageDir,
      '--cell-size',
      '12',
      '--components',
      '5',
      ...smallLayouts,
      '--out',
      out,
    ]);

    const report = await validateProjectorFolder(out);
    const embedding = readConfig(out).embeddings[0]!;
    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(report.embeddings).toEqual([expect.objectContaining({ tensorName: 'shapes_pixels', rows: 30, cols: 5 })]);
    expect(embedding['sprite'].singleImageDim).toEqual([12, 12]);
    const sprite = PNG.sync.read(readFileSync(join(out, embedding['sprite'].imagePath)));
    expect([sprite.width, sprite.height]).toEqual([72, 72]);
    expect(Array.from(sprite.data.subarray(0, 3))).toEqual(Array.from(pixels.subarray(0, 3)));

    const lines = metadataLines(out);
    expect(lines[0]).toBe('label\tfile');
    expect(lines.slice(1).map((line) => line.split('\t')[0])).toEqual(
      CLASSES.flatMap((name) => Array(IMAGES_PER_CLASS).fill(name)),
    );
    expect(lines[30]).toBe('square\tsquare/09.png');
    expect(existsSync(join(out, 'plot_umap_thumbnails.png'))).toBe(true);
    expect(summary).toContain('the pixels, scaled to [0, 1] (no --model)');
  });

  it('rejects a missing --dir', async () => {
    const { reporter } = quietReporter();

    await expect(runImages(parseOptions(['--out', join(work, 'x')], IMAGES_OPTIONS).values, reporter)).rejects.toThrow(
      'Missing --dir: this option is required.',
    );
    expect(() => parseOptions(['--dir', join(work, 'no-such-folder')], IMAGES_OPTIONS)).toThrow(
      `Invalid --dir "${join(work, 'no-such-folder')}": folder not found.`,
    );
  });

  it('rejects a folder without class sub-folders', async () => {
    const flat = join(work, 'flat');
    mkdirSync(flat);

    await expect(images(['--dir', flat, '--out', join(work, 'flat-out')])).rejects.toThrow(`${flat} has no sub-folders`);
  });

  it('skips unreadable files only with --skip-unreadable', async () => {
    const broken = join(work, 'broken');
    writeImageFolder(broken, 8, 9);
    writeFileSync(join(broken, 'cross', 'zz.png'), 'not a PNG');
    const out = join(work, 'broken-out');

    await expect(images(['--dir', broken, '--out', out])).rejects.toThrow('pass --skip-unreadable to skip such files');
    const { log } = await images(['--dir', broken, '--skip-unreadable', '--skip-tsne', '--skip-umap', '--out', out]);

    expect(log).toContain(`Warning: skipped ${join(broken, 'cross', 'zz.png')}`);
    expect((await validateProjectorFolder(out)).embeddings).toEqual([expect.objectContaining({ rows: 30 })]);
  });

  it('rejects --keras-json without --keras-weights', async () => {
    await expect(
      images(['--dir', imageDir, '--keras-json', join(imageDir, 'circle', '00.png'), '--out', join(work, 'k')]),
    ).rejects.toThrow('Missing --keras-weights: --keras-json and --keras-weights go together');
  });
});

const hasH5py = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import h5py, numpy'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Writes a Keras 2 model for input `shape` with the keras-import fixture generator. With
 * `pixelsFile`, it also writes the dense_1 activations of those pixels scaled to [0, 1]. They
 * are computed in numpy float64: conv 3x3 valid + relu, 2x2 max pool, flatten, dense + relu.
 */
function makeKerasModel(dir: string, shape: number[], pixelsFile?: string): void {
  const script = `
import json, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import make_keras_fixtures as m
out, shape = sys.argv[2], tuple(json.loads(sys.argv[3]))
m.INPUT_SHAPE = shape
weights = m.make_weights(seed=2024)
m.write_model_file(out + '/model.h5', weights)
m.write_weights_file(out + '/weights.h5', weights)
json.dump(m.sequential_list_json(), open(out + '/model.json', 'w'))
if len(sys.argv) > 4:
    x = np.array(json.load(open(sys.argv[4])), dtype=np.float64).reshape((-1,) + shape) / 255.0
    w = {name: [v.astype(np.float64) for _, v in pairs] for name, pairs in weights.items()}
    kernel, bias = w['conv2d_1']
    n, h, wd, _ = x.shape
    conv = np.zeros((n, h - 2, wd - 2, kernel.shape[3]))
    for i in range(h - 2):
        for j in range(wd - 2):
            conv[:, i, j, :] = np.tensordot(x[:, i:i + 3, j:j + 3, :], kernel, axes=([1, 2, 3], [0, 1, 2]))
    conv = np.maximum(conv + bias, 0.0)
    ph, pw = conv.shape[1] // 2, conv.shape[2] // 2
    pooled = conv[:, :ph * 2, :pw * 2, :].reshape(n, ph, 2, pw, 2, -1).max(axis=(2, 4))
    hidden = np.maximum(pooled.reshape(n, -1) @ w['dense_1'][0] + w['dense_1'][1], 0.0)
    json.dump({'shape': list(hidden.shape), 'values': hidden.ravel().tolist()}, open(out + '/expected.json', 'w'))
`;
  mkdirSync(dir, { recursive: true });
  const args = ['-c', script, KERAS_FIXTURES, dir, JSON.stringify(shape), ...(pixelsFile ? [pixelsFile] : [])];
  execFileSync(PYTHON, args, { stdio: 'pipe' });
}

describe.skipIf(!hasH5py)('projector-kit images with a Keras model', () => {
  const imageDir = join(work, 'model-shapes');
  const modelDir = join(work, 'keras-rgb');
  let pixels: Uint8Array;

  beforeAll(() => {
    pixels = writeImageFolder(imageDir, 12, 7);
    writeFileSync(join(work, 'pixels.json'), JSON.stringify(Array.from(pixels)));
    makeKerasModel(modelDir, [12, 12, 3], join(work, 'pixels.json'));
  });

  it('writes the Dense features of a whole-model .h5 file', async () => {
    const out = join(work, 'keras-out');

    const { summary } = await images([
      '--dir',
      imageDir,
      '--cell-size',
      '12',
      '--model',
      join(modelDir, 'model.h5'),
      '--backend',
      'cpu',
      '--skip-tsne',
      '--skip-umap',
      '--out',
      out,
    ]);

    const report = await validateProjectorFolder(out);
    expect(report.ok).toBe(true);
    expect(report.embeddings).toEqual([expect.objectContaining({ tensorName: 'model-shapes_dense_1', rows: 30, cols: 8 })]);
    const expected = JSON.parse(readFileSync(join(modelDir, 'expected.json'), 'utf8')) as { shape: number[]; values: number[] };
    expect(expected.shape).toEqual([30, 8]);
    const actual = tensorValues(out);
    let maxDifference = 0;
    expected.values.forEach((value, i) => (maxDifference = Math.max(maxDifference, Math.abs(actual[i]! - value))));
    expect(maxDifference).toBeLessThan(1e-4);
    expect(expected.values.some((value) => value > 0)).toBe(true);
    expect(summary).toContain('layer dense_1, 8 columns');
    expect(metadataLines(out)[1]).toBe('circle\tcircle/00.png');
  });

  it('feeds a grey model from a JSON topology and weights', async () => {
    const greyDir = join(work, 'keras-grey');
    makeKerasModel(greyDir, [12, 12, 1]);
    const out = join(work, 'keras-grey-out');

    const { summary, log } = await images([
      '--dir',
      imageDir,
      '--cell-size',
      '20',
      '--keras-json',
      join(greyDir, 'model.json'),
      '--keras-weights',
      join(greyDir, 'weights.h5'),
      '--layer',
      'conv2d_1',
      '--components',
      '4',
      '--backend',
      'cpu',
      '--skip-tsne',
      '--skip-umap',
      '--out',
      out,
    ]);

    const report = await validateProjectorFolder(out);
    const embedding = readConfig(out).embeddings[0]!;
    expect(report.ok).toBe(true);
    expect(report.embeddings).toEqual([expect.objectContaining({ tensorName: 'model-shapes_conv2d_1', rows: 30, cols: 4 })]);
    expect(embedding['sprite'].singleImageDim).toEqual([20, 20]);
    expect(log).toContain('images fed as 12 x 12 x 1, pixels scaled to [0, 1]');
    expect(summary).toContain('layer conv2d_1, 400 columns');
  });

  it('reads a TensorFlow.js model folder', async () => {
    await selectBackend({ backend: 'cpu' });
    const model = await loadKerasModel(join(modelDir, 'model.h5'));
    const tfjsDir = join(work, 'tfjs-model');
    mkdirSync(tfjsDir);
    await model.save(
      io.withSaveHandler(async (artifacts) => {
        const weightsManifest = [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }];
        writeFileSync(join(tfjsDir, 'model.json'), JSON.stringify({ modelTopology: artifacts.modelTopology, weightsManifest }));
        writeFileSync(join(tfjsDir, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    model.dispose();
    const out = join(work, 'tfjs-out');

    await images([
      '--dir',
      imageDir,
      '--cell-size',
      '12',
      '--model',
      tfjsDir,
      '--backend',
      'cpu',
      '--skip-tsne',
      '--skip-umap',
      '--out',
      out,
    ]);

    expect((await validateProjectorFolder(out)).ok).toBe(true);
    expect(Array.from(tensorValues(out))).toEqual(Array.from(tensorValues(join(work, 'keras-out'))));
  });

  it('rejects an unknown layer listing the layers', async () => {
    await expect(
      images([
        '--dir',
        imageDir,
        '--cell-size',
        '12',
        '--model',
        join(modelDir, 'model.h5'),
        '--layer',
        'dense_9',
        '--backend',
        'cpu',
        '--out',
        join(work, 'l'),
      ]),
    ).rejects.toThrow(/dense_9.*dense_1/s);
  });
});

describe(planModelInput, () => {
  it.each([
    [[null, 28, 28, 1], { height: 28, width: 28, channels: 1, readSide: 28, rowShape: [28, 28, 1] }],
    [[null, 224, 224, 3], { height: 224, width: 224, channels: 3, readSide: 224, rowShape: [224, 224, 3] }],
    [[null, null, null, 3], { height: 40, width: 40, channels: 3, readSide: 40, rowShape: [40, 40, 3] }],
    [[null, 12, 16, 3], { height: 12, width: 16, channels: 3, readSide: 16, rowShape: [12, 16, 3] }],
    [[null, 28, 28], { height: 28, width: 28, channels: 1, readSide: 28, rowShape: [28, 28] }],
    [[null, 784], { height: 28, width: 28, channels: 1, readSide: 28, rowShape: [784] }],
    [[null, 3072], { height: 32, width: 32, channels: 3, readSide: 32, rowShape: [3072] }],
  ])('input %j', (shape, plan) => {
    expect(planModelInput(shape, 40)).toEqual(plan);
  });

  it.each([[[null, 12, 12, 2]], [[null, 10]], [[null, null]], [[null, 8, 8, 8, 1]]])('rejects input %j', (shape) => {
    expect(() => planModelInput(shape, 28)).toThrow(
      `The model's input shape [${shape.map(String).join(', ')}] does not take images.`,
    );
  });
});

describe(modelInputRows, () => {
  const images = {
    data: Uint8Array.from([0, 255, 51, 102, 0, 0, 255, 255, 255, 255, 255, 255]),
    shape: [3, 2, 2, 1] as [number, number, number, number],
  };

  it('scales pixels to each input range', () => {
    const plan = planModelInput([null, 2, 2, 1], 2);

    expect(Array.from(modelInputRows(images, plan, 'unit', 0, 1))).toEqual([0, 1, 0.2, 0.4].map(Math.fround));
    expect(Array.from(modelInputRows(images, plan, 'signed', 0, 1))).toEqual([-1, 1, 0.2 * 2 - 1, 0.4 * 2 - 1].map(Math.fround));
    expect(Array.from(modelInputRows(images, plan, 'byte', 2, 1))).toEqual([255, 255, 255, 255]);
  });

  it('resizes square cells to a non-square input', async () => {
    await selectBackend({ backend: 'cpu' });
    const plan = planModelInput([null, 1, 2, 1], 2);

    const rows = modelInputRows(images, plan, 'unit', 1, 2);

    expect(rows).toHaveLength(2 * 1 * 2);
    expect(Array.from(rows)).toEqual([0.5, 0.5, 1, 1]);
  });
});
