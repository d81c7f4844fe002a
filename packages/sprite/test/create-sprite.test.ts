import { describe, expect, it } from 'vitest';

import { createSprite, fitCellSize } from '../src/index.js';
import { createRandom, drawDigits } from './digits.js';
import { decodeSprite, findCellMismatch } from './decode.js';

const TRANSPARENT = [0, 0, 0, 0] as const;

describe(createSprite, () => {
  it('places 10,000 grey 28x28 digits in a 2800x2800 sprite', () => {
    const count = 10_000;
    const digits = drawDigits(count);

    const sprite = createSprite({ data: digits, shape: [count, 28, 28] });
    const decoded = decodeSprite(sprite);

    expect([sprite.width, sprite.height, sprite.gridSide]).toEqual([2800, 2800, 100]);
    expect([decoded.width, decoded.height]).toEqual([2800, 2800]);
    const mismatch = findCellMismatch(sprite, decoded, (i, x, y) => {
      const value = digits[i * 784 + y * 28 + x]!;
      return [value, value, value, 255];
    });
    expect(mismatch).toBeNull();
  });

  it('fills empty cells of a partial last row with the background', () => {
    const count = 7;
    const digits = drawDigits(count, 12, 2);

    const sprite = createSprite({ data: digits, shape: [count, 12, 12, 1] });
    const decoded = decodeSprite(sprite);

    expect(sprite.gridSide).toBe(3);
    expect([decoded.width, decoded.height]).toEqual([36, 36]);
    const mismatch = findCellMismatch(sprite, decoded, (i, x, y) => {
      if (i >= count) return TRANSPARENT;
      const value = digits[i * 144 + y * 12 + x]!;
      return [value, value, value, 255];
    });
    expect(mismatch).toBeNull();
  });

  it('reads float32 pixels as [0, 1], clamped, with NaN as 0', () => {
    const count = 5;
    const random = createRandom(3);
    const data = Float32Array.from({ length: count * 8 * 8 }, () => random() * 1.4 - 0.2);
    data[0] = Number.NaN;
    data[1] = Number.POSITIVE_INFINITY;

    const sprite = createSprite({ data, shape: [count, 8, 8] });
    const decoded = decodeSprite(sprite);

    const mismatch = findCellMismatch(sprite, decoded, (i, x, y) => {
      if (i >= count) return TRANSPARENT;
      const raw = data[i * 64 + y * 8 + x]! * 255;
      const value = Number.isNaN(raw) ? 0 : Math.min(255, Math.max(0, Math.round(raw)));
      return [value, value, value, 255];
    });
    expect(mismatch).toBeNull();
  });

  it('keeps RGB colours and makes them opaque', () => {
    const count = 10;
    const random = createRandom(4);
    const data = Uint8Array.from({ length: count * 6 * 5 * 3 }, () => Math.floor(random() * 256));

    const sprite = createSprite({ data, shape: [count, 6, 5, 3] });
    const decoded = decodeSprite(sprite);

    expect([sprite.cellWidth, sprite.cellHeight, sprite.width, sprite.height]).toEqual([5, 6, 20, 24]);
    const mismatch = findCellMismatch(sprite, decoded, (i, x, y) => {
      if (i >= count) return TRANSPARENT;
      const offset = (i * 30 + y * 5 + x) * 3;
      return [data[offset]!, data[offset + 1]!, data[offset + 2]!, 255];
    });
    expect(mismatch).toBeNull();
  });

  it('keeps RGBA alpha from Uint8ClampedArray input', () => {
    const count = 3;
    const random = createRandom(5);
    const data = Uint8ClampedArray.from({ length: count * 4 * 4 * 4 }, () => Math.floor(random() * 256));

    const sprite = createSprite({ data, shape: [count, 4, 4, 4] });
    const decoded = decodeSprite(sprite);

    const mismatch = findCellMismatch(sprite, decoded, (i, x, y) => {
      if (i >= count) return TRANSPARENT;
      const offset = (i * 16 + y * 4 + x) * 4;
      return [data[offset]!, data[offset + 1]!, data[offset + 2]!, data[offset + 3]!];
    });
    expect(mismatch).toBeNull();
  });

  it('inverts colours and fills an opaque white background', () => {
    const count = 2;
    const digits = drawDigits(count, 10, 6);

    const sprite = createSprite({ data: digits, shape: [count, 10, 10] }, { invert: true, background: [255, 255, 255, 255] });
    const decoded = decodeSprite(sprite);

    expect(decoded.colorType).toBe(0);
    const mismatch = findCellMismatch(sprite, decoded, (i, x, y) => {
      if (i >= count) return [255, 255, 255, 255];
      const value = 255 - digits[i * 100 + y * 10 + x]!;
      return [value, value, value, 255];
    });
    expect(mismatch).toBeNull();
  });

  it('writes grey images on a coloured background as RGB', () => {
    const digits = drawDigits(2, 4, 7);

    const sprite = createSprite({ data: digits, shape: [2, 4, 4] }, { background: [10, 20, 30, 255] });
    const decoded = decodeSprite(sprite);

    expect(decoded.colorType).toBe(2);
    const mismatch = findCellMismatch(sprite, decoded, (i, x, y) => {
      if (i >= 2) return [10, 20, 30, 255];
      const value = digits[i * 16 + y * 4 + x]!;
      return [value, value, value, 255];
    });
    expect(mismatch).toBeNull();
  });

  it('shrinks 28x28 to cellSize 14 by averaging 2x2 blocks', () => {
    const count = 4;
    const digits = drawDigits(count);

    const sprite = createSprite({ data: digits, shape: [count, 28, 28] }, { cellSize: 14 });
    const decoded = decodeSprite(sprite);

    expect([sprite.cellWidth, sprite.cellHeight, sprite.width]).toEqual([14, 14, 28]);
    const mismatch = findCellMismatch(sprite, decoded, (i, x, y) => {
      const at = (dx: number, dy: number) => digits[i * 784 + (2 * y + dy) * 28 + 2 * x + dx]!;
      const value = Math.round((at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4);
      return [value, value, value, 255];
    });
    expect(mismatch).toBeNull();
  });

  it('enlarges [0, 255] to 4 px bilinearly between pixel centres', () => {
    const data = new Uint8Array([0, 255]);

    const sprite = createSprite({ data, shape: [1, 1, 2] }, { cellSize: [4, 1] });
    const decoded = decodeSprite(sprite);

    // Output centres 0.5, 1.5, 2.5, 3.5 map to source positions -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
    const greys = [0, 1, 2, 3].map((x) => decoded.data[x * 4]);
    expect(greys).toEqual([0, Math.round(0.25 * 255), Math.round(0.75 * 255), 255]);
  });

  it('treats a cellSize equal to the image size as no resize', () => {
    const digits = drawDigits(5, 9, 8);

    const plain = createSprite({ data: digits, shape: [5, 9, 9] });
    const sized = createSprite({ data: digits, shape: [5, 9, 9] }, { cellSize: [9, 9] });

    expect(sized.png.equals(plain.png)).toBe(true);
  });

  it('rejects 10,001 images of 82x82 above 8192 px', () => {
    const count = 10_001;
    const data = new Uint8Array(count * 82 * 82);
    const gridSide = Math.ceil(Math.sqrt(count));
    const largestCount = Math.floor(8192 / 82) ** 2;

    const create = () => createSprite({ data, shape: [count, 82, 82] });

    expect(create).toThrow(RangeError);
    expect(create).toThrow(`${count.toLocaleString('en-US')} images of 82x82 px`);
    expect(create).toThrow(`${gridSide * 82}x${gridSide * 82} px sprite`);
    expect(create).toThrow(`at most ${largestCount.toLocaleString('en-US')} images fit`);
    expect(create).toThrow('cellSize: [81, 81]');
  });

  it('fits the grid with the cellSize from fitCellSize', () => {
    const count = 101;
    const digits = drawDigits(count, 10, 9);
    const cellSize = fitCellSize(count, 10, 10, 100);

    const sprite = createSprite({ data: digits, shape: [count, 10, 10] }, { cellSize, maxSide: 100 });

    expect(cellSize).toEqual([9, 9]);
    expect([sprite.width, sprite.height, sprite.gridSide]).toEqual([99, 99, 11]);
    expect(() => createSprite({ data: digits, shape: [count, 10, 10] }, { maxSide: 100 })).toThrow('110x110 px sprite');
  });

  it('reports progress after each row of cells', () => {
    const calls: Array<[number, number]> = [];

    createSprite({ data: drawDigits(10, 4), shape: [10, 4, 4] }, { onProgress: (done, total) => calls.push([done, total]) });

    expect(calls).toEqual([
      [4, 10],
      [8, 10],
      [10, 10],
    ]);
  });
});

describe('createSprite input checks', () => {
  const data = new Uint8Array(10 * 28 * 28);

  it('rejects a data length that does not match the shape', () => {
    expect(() => createSprite({ data, shape: [10, 28, 27] })).toThrow(
      'images.shape [10, 28, 27] needs 7560 values, but images.data has 7840',
    );
  });

  it('rejects a shape of rank 2', () => {
    expect(() => createSprite({ data, shape: [10, 784] })).toThrow('received [10, 784] (rank 2)');
  });

  it('rejects 2 channels', () => {
    expect(() => createSprite({ data, shape: [10, 28, 14, 2] })).toThrow('[10, 28, 14, 2] has 2 channels');
  });

  it('rejects a zero size in the shape', () => {
    expect(() => createSprite({ data: new Uint8Array(0), shape: [0, 28, 28] })).toThrow(
      'every size in images.shape must be a positive integer, received [0, 28, 28]',
    );
  });

  it('rejects Int16Array data with a TypeError', () => {
    const create = () => createSprite({ data: new Int16Array(4) as unknown as Uint8Array, shape: [1, 2, 2] });

    expect(create).toThrow(TypeError);
    expect(create).toThrow('received Int16Array');
  });

  it('rejects a background outside 0-255', () => {
    expect(() => createSprite({ data, shape: [10, 28, 28] }, { background: [0, 0, 300, 255] })).toThrow('received [0,0,300,255]');
  });

  it('rejects a fractional cellSize', () => {
    expect(() => createSprite({ data, shape: [10, 28, 28] }, { cellSize: 14.5 })).toThrow(
      'options.cellSize width must be a positive integer, received 14.5',
    );
  });
});
