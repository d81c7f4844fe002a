import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DataImportError, readBytesTensor, readTsvTensor } from '../src/index.js';

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'data-import-tensors-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

function catchError(run: () => unknown): DataImportError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataImportError);
    return error as DataImportError;
  }
  throw new Error('expected a DataImportError');
}

describe(readBytesTensor, () => {
  const values = Float32Array.from([0.5, -1, 2.75, 1e-7, 3, -4.5]);

  it('reads little-endian float32 rows', () => {
    const path = join(folder, 'tensor.bytes');
    writeFileSync(path, new Uint8Array(values.buffer));

    const tensor = readBytesTensor(path, [2, 3]);

    expect(tensor.shape).toEqual([2, 3]);
    expect(Array.from(tensor.data)).toEqual(Array.from(values));
  });

  it('float64 file gives both sizes and the hint', () => {
    const path = join(folder, 'float64.bytes');
    writeFileSync(path, new Uint8Array(Float64Array.from(values).buffer));

    const error = catchError(() => readBytesTensor(path, [2, 3]));

    expect(error.message).toMatch(/has 48 bytes, but shape \[2, 3\] of float32 needs 24 bytes/);
    expect(error.message).toMatch(/matches float64 values/);
    expect(error.file).toBe(path);
  });

  it('other size suggests the row count', () => {
    const error = catchError(() => readBytesTensor(new Uint8Array(values.buffer), [3, 3]));

    expect(error.message).toMatch(/has 24 bytes, but shape \[3, 3\] of float32 needs 36 bytes/);
    expect(error.message).toMatch(/fits 2 rows of 3 float32 values/);
  });

  it('rejects a shape that is not two positive integers', () => {
    expect(() => readBytesTensor(new Uint8Array(24), [2, 0])).toThrow(RangeError);
    expect(() => readBytesTensor(new Uint8Array(24), [1.5, 4] as [number, number])).toThrow(/\[1\.5,4\]/);
  });
});

describe(readTsvTensor, () => {
  it('reads text with CRLF and a final line end', () => {
    const tensor = readTsvTensor('1\t2.5\t-3\r\n4e-3\tnan\t-inf\r\n');

    expect(tensor.shape).toEqual([2, 3]);
    expect(Array.from(tensor.data)).toEqual([1, 2.5, -3, Math.fround(4e-3), NaN, -Infinity]);
  });

  it('reads a path the same as its text', () => {
    const text = '0.25\t0.5\n0.75\t1\n';
    const path = join(folder, 'tensor.tsv');
    writeFileSync(path, text);

    expect(readTsvTensor(path)).toEqual(readTsvTensor(text));
  });

  it('non-number gives line and column', () => {
    const error = catchError(() => readTsvTensor('1\t2\t3\n4\tfive\t6\n'));

    expect(error.message).toMatch(/line 2, column 2 of the text passed in is "five", which is not a number/);
    expect(error.line).toBe(2);
    expect(error.column).toBe(2);
  });

  it('empty field gives line and column', () => {
    const error = catchError(() => readTsvTensor('1\t\t3\n'));

    expect(error.line).toBe(1);
    expect(error.column).toBe(2);
  });

  it('ragged row gives both column counts', () => {
    const error = catchError(() => readTsvTensor('1\t2\t3\n4\t5\n'));

    expect(error.message).toMatch(/line 2 .* has 2 values, but line 1 has 3/);
    expect(error.line).toBe(2);
  });

  it('blank line inside the tensor is rejected', () => {
    const error = catchError(() => readTsvTensor('1\t2\n\n3\t4\n'));

    expect(error.message).toMatch(/line 2 .* is empty/);
  });

  it('missing file names the path', () => {
    expect(() => readTsvTensor(join(folder, 'absent.tsv'))).toThrow(/absent\.tsv/);
  });
});
