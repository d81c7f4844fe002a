import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseIdx, readIdx } from '../src/index.js';
import { writeIdx, type TestDtype } from './idx-writer.js';

/** Values per type that cover sign, extremes and, for floats, special values. */
const CASES: { dtype: TestDtype; shape: number[]; values: number[]; arrayType: string }[] = [
  { dtype: 'uint8', shape: [2, 3], values: [0, 1, 127, 128, 254, 255], arrayType: 'Uint8Array' },
  { dtype: 'int8', shape: [6], values: [-128, -1, 0, 1, 100, 127], arrayType: 'Int8Array' },
  { dtype: 'int16', shape: [3, 2], values: [-32768, -256, -1, 0, 258, 32767], arrayType: 'Int16Array' },
  {
    dtype: 'int32',
    shape: [1, 2, 3],
    values: [-2147483648, -65536, -1, 0, 16909060, 2147483647],
    arrayType: 'Int32Array',
  },
  {
    dtype: 'float32',
    shape: [2, 2, 2],
    values: [0, -0, 1.5, -2.25, 3.4028234663852886e38, 1.401298464324817e-45, Infinity, NaN],
    arrayType: 'Float32Array',
  },
  {
    dtype: 'float64',
    shape: [5],
    values: [0.1, -1e308, 5e-324, -Infinity, Math.PI],
    arrayType: 'Float64Array',
  },
];

describe(parseIdx, () => {
  for (const { dtype, shape, values, arrayType } of CASES) {
    test(`parseIdx reads ${dtype} shape [${shape}]`, () => {
      const tensor = parseIdx(writeIdx(dtype, shape, values));

      expect(tensor.dtype).toBe(dtype);
      expect(tensor.shape).toEqual(shape);
      expect(tensor.data.constructor.name).toBe(arrayType);
      expect(Array.from(tensor.data)).toEqual(values);
    });

    test(`parseIdx reads ${dtype} from an unaligned view`, () => {
      const file = writeIdx(dtype, shape, values);
      const padded = new Uint8Array(file.length + 3);
      padded.set(file, 1);

      const tensor = parseIdx(padded.subarray(1, 1 + file.length));

      expect(Array.from(tensor.data)).toEqual(values);
    });

    test(`parseIdx inflates gzip ${dtype}`, () => {
      const tensor = parseIdx(gzipSync(writeIdx(dtype, shape, values)));

      expect(tensor.dtype).toBe(dtype);
      expect(tensor.shape).toEqual(shape);
      expect(Array.from(tensor.data)).toEqual(values);
    });
  }

  test('parseIdx returns uint8 data as a view without copying', () => {
    const file = writeIdx('uint8', [4], [9, 8, 7, 6]);

    const tensor = parseIdx(file);

    expect(tensor.data.buffer).toBe(file.buffer);
    expect(tensor.data.byteOffset).toBe(file.byteOffset + 8);
    expect(Buffer.isBuffer(tensor.data)).toBe(false);
  });

  test('parseIdx reads 255 dimensions of size 1', () => {
    const shape = new Array<number>(255).fill(1);

    const tensor = parseIdx(writeIdx('int16', shape, [-7]));

    expect(tensor.shape).toEqual(shape);
    expect(Array.from(tensor.data)).toEqual([-7]);
  });
});

describe(readIdx, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mnist-loader-read-idx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('readIdx reads plain and gzip files alike', async () => {
    const file = writeIdx('float32', [2, 2], [1, -2, 0.5, 4]);
    await writeFile(join(dir, 'plain.idx'), file);
    await writeFile(join(dir, 'packed.idx.gz'), gzipSync(file));

    const plain = await readIdx(join(dir, 'plain.idx'));
    const packed = await readIdx(join(dir, 'packed.idx.gz'));

    expect(plain.shape).toEqual([2, 2]);
    expect(Array.from(plain.data)).toEqual([1, -2, 0.5, 4]);
    expect(packed.shape).toEqual(plain.shape);
    expect(Array.from(packed.data)).toEqual(Array.from(plain.data));
  });

  test('readIdx names the path in IdxError', async () => {
    const path = join(dir, 'short.idx');
    await writeFile(path, writeIdx('uint8', [10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).subarray(0, 12));

    await expect(readIdx(path)).rejects.toMatchObject({ name: 'IdxError', file: path, field: 'data' });
  });

  test('readIdx rejects a missing file with ENOENT', async () => {
    const path = join(dir, 'missing.idx');

    await expect(readIdx(path)).rejects.toMatchObject({ code: 'ENOENT', path });
  });
});
