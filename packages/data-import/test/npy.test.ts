import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DataImportError, readNpy } from '../src/index.js';

/** Debian's interpreter: a pyenv `python3` first on PATH cannot see python3-numpy. */
const PYTHON = '/usr/bin/python3';

function hasNumpy(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Builds an .npy file by hand: magic, version, header length, padded header, data. */
function buildNpy(header: string, data: Uint8Array, version: 1 | 2 | 3 = 1): Uint8Array {
  const lengthSize = version === 1 ? 2 : 4;
  const unpadded = 8 + lengthSize + header.length + 1;
  const padded = header + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const bytes = new Uint8Array(8 + lengthSize + padded.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(bytes.buffer);
  if (version === 1) {
    view.setUint16(8, padded.length, true);
  } else {
    view.setUint32(8, padded.length, true);
  }
  bytes.set(new TextEncoder().encode(padded), 8 + lengthSize);
  bytes.set(data, 8 + lengthSize + padded.length);
  return bytes;
}

function float32Bytes(values: number[], littleEndian = true): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((value, i) => view.setFloat32(i * 4, value, littleEndian));
  return new Uint8Array(view.buffer);
}

function float64Bytes(values: number[], littleEndian = true): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((value, i) => view.setFloat64(i * 8, value, littleEndian));
  return new Uint8Array(view.buffer);
}

const VALUES = [1.5, -2.25, 3, 0.1, 1e-20, -7e10];

describe('readNpy with hand-built headers', () => {
  it('v1 <f4 shape (2, 3)', () => {
    const npy = buildNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", float32Bytes(VALUES));

    const tensor = readNpy(npy);

    expect(tensor.shape).toEqual([2, 3]);
    expect(tensor.sourceDtype).toBe('float32');
    expect(Array.from(tensor.data)).toEqual(Array.from(Float32Array.from(VALUES)));
  });

  it('v2 <f8 converts to float32', () => {
    const npy = buildNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", float64Bytes(VALUES), 2);

    const tensor = readNpy(npy);

    expect(tensor.shape).toEqual([3, 2]);
    expect(tensor.sourceDtype).toBe('float64');
    expect(Array.from(tensor.data)).toEqual(Array.from(Float32Array.from(VALUES)));
  });

  it('v3 big-endian >f4 and >f8', () => {
    const f4 = buildNpy("{'descr': '>f4', 'fortran_order': False, 'shape': (6,), }", float32Bytes(VALUES, false), 3);
    const f8 = buildNpy("{'descr': '>f8', 'fortran_order': False, 'shape': (6,), }", float64Bytes(VALUES, false), 3);

    expect(Array.from(readNpy(f4).data)).toEqual(Array.from(Float32Array.from(VALUES)));
    expect(Array.from(readNpy(f8).data)).toEqual(Array.from(Float32Array.from(VALUES)));
    expect(readNpy(f8).shape).toEqual([6]);
  });

  it('unaligned data offset in a larger buffer', () => {
    const npy = buildNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", float32Bytes(VALUES));
    const padded = new Uint8Array(npy.length + 3);
    padded.set(npy, 3);

    expect(Array.from(readNpy(padded.subarray(3)).data)).toEqual(Array.from(Float32Array.from(VALUES)));
  });

  it('fortran_order True is rejected', () => {
    const npy = buildNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", float32Bytes(VALUES));

    expect(() => readNpy(npy)).toThrow(DataImportError);
    expect(() => readNpy(npy)).toThrow(/Fortran \(column-major\) order.*np\.ascontiguousarray/);
  });

  it('integer dtype is rejected with the dtype', () => {
    const npy = buildNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8));

    expect(() => readNpy(npy)).toThrow(/dtype '<i8'/);
  });

  it('wrong magic is rejected', () => {
    const npy = buildNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", float32Bytes([1]));
    npy[1] = 0x58;

    expect(() => readNpy(npy)).toThrow(/magic string/);
  });

  it('truncated data gives both sizes', () => {
    const npy = buildNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", float32Bytes(VALUES));

    expect(() => readNpy(npy.subarray(0, npy.length - 4))).toThrow(/has 20 data bytes, .* needs 24/);
  });

  it('missing file names the path', () => {
    expect(() => readNpy('/nonexistent/embeddings.npy')).toThrow(/\/nonexistent\/embeddings\.npy/);
  });
});

describe.skipIf(!hasNumpy())('readNpy with files written by numpy', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'data-import-npy-'));
    const script = `
import json, sys
import numpy as np
from numpy.lib import format as npformat
out = sys.argv[1]
rng = np.random.RandomState(7)
a32 = rng.standard_normal((4, 5)).astype(np.float32)
a64 = rng.standard_normal((3, 2, 2))
np.save(out + '/a32.npy', a32)
np.save(out + '/a64.npy', a64)
np.save(out + '/big.npy', a32.astype('>f4'))
np.save(out + '/fortran.npy', np.asfortranarray(a32))
with open(out + '/v2.npy', 'wb') as f:
    npformat.write_array(f, a32, version=(2, 0))
json.dump({'a32': a32.ravel().tolist(), 'a64': a64.ravel().tolist()}, open(out + '/values.json', 'w'))
`;
    writeFileSync(join(folder, 'write.py'), script);
    execFileSync(PYTHON, [join(folder, 'write.py'), folder], { stdio: 'pipe' });
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  function values(name: 'a32' | 'a64'): number[] {
    return (JSON.parse(readFileSync(join(folder, 'values.json'), 'utf8')) as Record<string, number[]>)[name]!;
  }

  it('float32 (4, 5) from np.save', () => {
    const tensor = readNpy(join(folder, 'a32.npy'));

    expect(tensor.shape).toEqual([4, 5]);
    expect(tensor.sourceDtype).toBe('float32');
    expect(Array.from(tensor.data)).toEqual(Array.from(Float32Array.from(values('a32'))));
  });

  it('float64 (3, 2, 2) from np.save', () => {
    const tensor = readNpy(join(folder, 'a64.npy'));

    expect(tensor.shape).toEqual([3, 2, 2]);
    expect(tensor.sourceDtype).toBe('float64');
    expect(Array.from(tensor.data)).toEqual(Array.from(Float32Array.from(values('a64'))));
  });

  it('big-endian and version 2.0 files', () => {
    const expected = Array.from(Float32Array.from(values('a32')));

    expect(Array.from(readNpy(join(folder, 'big.npy')).data)).toEqual(expected);
    expect(Array.from(readNpy(join(folder, 'v2.npy')).data)).toEqual(expected);
  });

  it('np.asfortranarray file is rejected', () => {
    expect(() => readNpy(join(folder, 'fortran.npy'))).toThrow(/Fortran/);
  });
});
