import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DataImportError, readImageFolder } from '../src/index.js';
import { writeJpeg, writePalettePng, writePng, type PixelFunction } from './images.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'data-import-images-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Makes a new data set folder with the given class sub-folders. */
function makeDataset(name: string, classes: string[]): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const label of classes) {
    mkdirSync(join(dir, label), { recursive: true });
  }
  return dir;
}

const solid =
  (r: number, g: number, b: number): PixelFunction =>
  () => [r, g, b, 255];

/** Returns the cell's pixel (x, y) as one value per channel. */
function cellPixel(images: { data: Uint8Array; shape: number[] }, n: number, x: number, y: number): number[] {
  const [, size, , channels] = images.shape as [number, number, number, number];
  const offset = ((n * size + y) * size + x) * channels;
  return Array.from(images.data.subarray(offset, offset + channels));
}

describe(readImageFolder, () => {
  const CLASS_COLOURS: Record<string, [number, number, number]> = {
    bird: [200, 40, 40],
    cat: [90, 90, 90],
    dog: [30, 160, 220],
  };

  it('30 PNGs in 3 classes plus a JPEG', async () => {
    const dir = makeDataset('mixed', ['dog', 'cat', 'bird']);
    Object.entries(CLASS_COLOURS).forEach(([label, [r, g, b]], c) => {
      for (let i = 0; i < 10; i += 1) {
        const grey = label === 'cat';
        writePng(
          join(dir, label, `${label}-${String(9 - i).padStart(2, '0')}.png`),
          12 + 7 * i + c,
          20 + 5 * i,
          solid(r, g, b),
          grey ? 0 : 2,
        );
      }
    });
    writeJpeg(join(dir, 'dog', 'photo.jpeg'), 40, 30, solid(...CLASS_COLOURS.dog!), 95);
    writeFileSync(join(dir, 'dog', 'notes.txt'), 'not an image');
    writeFileSync(join(dir, 'README.md'), 'files beside the class folders are ignored');
    const progress: [number, number][] = [];

    const folder = await readImageFolder(dir, { onProgress: (done, total) => progress.push([done, total]) });

    expect(folder.images.shape).toEqual([31, 28, 28, 3]);
    expect(folder.images.data.length).toBe(31 * 28 * 28 * 3);
    expect(folder.classes).toEqual(['bird', 'cat', 'dog']);
    expect(folder.labels).toEqual([...Array(10).fill('bird'), ...Array(10).fill('cat'), ...Array(11).fill('dog')]);
    expect(folder.files[0]).toBe(join(dir, 'bird', 'bird-00.png'));
    expect(folder.files[9]).toBe(join(dir, 'bird', 'bird-09.png'));
    expect(folder.files[30]).toBe(join(dir, 'dog', 'photo.jpeg'));
    expect(progress.length).toBe(31);
    expect(progress.at(-1)).toEqual([31, 31]);

    folder.labels.forEach((label, n) => {
      const expected = CLASS_COLOURS[label]!;
      const centre = cellPixel(folder.images, n, 14, 14);
      const tolerance = folder.files[n]!.endsWith('.jpeg') ? 3 : 0;
      centre.forEach((value, channel) => {
        expect(Math.abs(value - expected[channel]!)).toBeLessThanOrEqual(tolerance);
      });
    });
  });

  it('grey images give one channel', async () => {
    const dir = makeDataset('grey', ['a', 'b']);
    writePng(join(dir, 'a', '1.png'), 28, 28, solid(10, 10, 10), 0);
    writePng(join(dir, 'b', '1.png'), 50, 50, solid(250, 250, 250), 2);

    const folder = await readImageFolder(dir);

    expect(folder.images.shape).toEqual([2, 28, 28, 1]);
    expect(cellPixel(folder.images, 0, 3, 3)).toEqual([10]);
    expect(cellPixel(folder.images, 1, 27, 27)).toEqual([250]);
  });

  it('channels 1 converts colour with BT.601 luma', async () => {
    const dir = makeDataset('luma', ['a']);
    writePng(join(dir, 'a', '1.png'), 8, 8, solid(200, 100, 50), 2);

    const folder = await readImageFolder(dir, { channels: 1, cellSize: 8 });

    expect(folder.images.shape).toEqual([1, 8, 8, 1]);
    expect(cellPixel(folder.images, 0, 4, 4)).toEqual([Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50)]);
  });

  it('shrinking averages 2x2 blocks', async () => {
    const dir = makeDataset('area', ['a']);
    const value = (x: number, y: number): number => (x * 37 + y * 91 + x * y) % 256;
    writePng(join(dir, 'a', '1.png'), 56, 56, (x, y) => [value(x, y), value(x, y), value(x, y), 255], 0);

    const folder = await readImageFolder(dir);

    for (const [x, y] of [
      [0, 0],
      [5, 9],
      [27, 27],
      [13, 20],
    ] as const) {
      const mean = (value(2 * x, 2 * y) + value(2 * x + 1, 2 * y) + value(2 * x, 2 * y + 1) + value(2 * x + 1, 2 * y + 1)) / 4;
      expect(Math.abs(cellPixel(folder.images, 0, x, y)[0]! - mean)).toBeLessThanOrEqual(0.5);
    }
  });

  it('growing interpolates bilinearly', async () => {
    const dir = makeDataset('bilinear', ['a']);
    writePng(join(dir, 'a', '1.png'), 14, 14, (x) => [x * 18, x * 18, x * 18, 255], 0);

    const folder = await readImageFolder(dir);

    for (let x = 0; x < 28; x += 1) {
      const source = Math.min(Math.max((x + 0.5) / 2 - 0.5, 0), 13);
      expect(cellPixel(folder.images, 0, x, 10)).toEqual([Math.round(source * 18)]);
    }
  });

  it('pad keeps the whole image with margins', async () => {
    const dir = makeDataset('pad', ['a']);
    writePng(join(dir, 'a', 'wide.png'), 56, 28, solid(255, 255, 255), 0);

    const folder = await readImageFolder(dir);

    expect(cellPixel(folder.images, 0, 14, 6)).toEqual([0]);
    expect(cellPixel(folder.images, 0, 14, 7)).toEqual([255]);
    expect(cellPixel(folder.images, 0, 14, 20)).toEqual([255]);
    expect(cellPixel(folder.images, 0, 14, 21)).toEqual([0]);
  });

  it('crop keeps the centre', async () => {
    const dir = makeDataset('crop', ['a']);
    writePng(join(dir, 'a', 'wide.png'), 56, 28, (x) => (x < 28 ? [0, 0, 0, 255] : [255, 255, 255, 255]), 0);

    const folder = await readImageFolder(dir, { fit: 'crop', background: 128 });

    expect(cellPixel(folder.images, 0, 13, 0)).toEqual([0]);
    expect(cellPixel(folder.images, 0, 14, 0)).toEqual([255]);
    expect(cellPixel(folder.images, 0, 0, 27)).toEqual([0]);
    expect(cellPixel(folder.images, 0, 27, 27)).toEqual([255]);
  });

  it('transparency composites over the background', async () => {
    const dir = makeDataset('alpha', ['a']);
    writePng(join(dir, 'a', '1.png'), 28, 28, (x) => (x < 14 ? [255, 0, 0, 0] : [255, 0, 0, 128]), 6);

    const folder = await readImageFolder(dir, { background: 255 });

    expect(cellPixel(folder.images, 0, 5, 5)).toEqual([255, 255, 255]);
    expect(cellPixel(folder.images, 0, 20, 5)).toEqual([255, 127, 127]);
  });

  it('palette PNG decodes its colours', async () => {
    const dir = makeDataset('palette', ['a']);
    const indices = Array.from({ length: 28 * 28 }, (_, i) => (i % 28 < 14 ? 0 : 1));
    writePalettePng(
      join(dir, 'a', '1.png'),
      28,
      28,
      [
        [10, 200, 30],
        [250, 5, 90],
      ],
      indices,
    );

    const folder = await readImageFolder(dir);

    expect(cellPixel(folder.images, 0, 2, 2)).toEqual([10, 200, 30]);
    expect(cellPixel(folder.images, 0, 25, 2)).toEqual([250, 5, 90]);
  });

  it('unreadable file error names it', async () => {
    const dir = makeDataset('broken', ['a']);
    writePng(join(dir, 'a', '1.png'), 28, 28, solid(1, 1, 1), 0);
    writeFileSync(join(dir, 'a', '2.png'), 'this is not a PNG');

    const error = await readImageFolder(dir).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DataImportError);
    expect((error as DataImportError).file).toBe(join(dir, 'a', '2.png'));
    expect((error as Error).message).toMatch(/cannot decode .*2\.png/);
  });

  it('onUnreadable skips the file', async () => {
    const dir = join(root, 'broken');
    const skipped: string[] = [];

    const folder = await readImageFolder(dir, { onUnreadable: (file) => skipped.push(file) });

    expect(skipped).toEqual([join(dir, 'a', '2.png')]);
    expect(folder.images.shape).toEqual([1, 28, 28, 1]);
    expect(folder.files).toEqual([join(dir, 'a', '1.png')]);
  });

  it('folder without class sub-folders is rejected', async () => {
    const dir = makeDataset('flat', []);
    writePng(join(dir, '1.png'), 4, 4, solid(1, 1, 1), 0);

    await expect(readImageFolder(dir)).rejects.toThrow(/has no sub-folders/);
  });

  it('empty class folder is rejected', async () => {
    const dir = makeDataset('empty-class', ['a', 'b']);
    writePng(join(dir, 'a', '1.png'), 4, 4, solid(1, 1, 1), 0);

    await expect(readImageFolder(dir)).rejects.toThrow(/class folder .*b has no \.png/);
  });

  it('rejects invalid options', async () => {
    await expect(readImageFolder(root, { cellSize: 0 })).rejects.toThrow(RangeError);
    await expect(readImageFolder(root, { channels: 2 as 1 })).rejects.toThrow(/channels must be 1 or 3/);
  });
});
