import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's interpreter: a pyenv `python3` first on PATH cannot see python3-h5py. */
export const PYTHON = '/usr/bin/python3';

const SCRIPT = join(import.meta.dirname, 'fixtures', 'make_keras_fixtures.py');

export interface ExpectedOutputs {
  inputShape: number[];
  inputs: number[];
  outputShape: number[];
  outputs: number[];
}

/**
 * Runs the fixture script into a new temporary folder and returns the folder.
 * Fails with the install command when numpy or h5py is missing.
 */
export function makeKerasFixtures(): string {
  try {
    execFileSync(PYTHON, ['-c', 'import h5py, numpy'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `${PYTHON} cannot import h5py and numpy, which write the Keras HDF5 fixtures. ` +
        `Install them with: apt-get install -y python3-h5py python3-numpy`,
      { cause: error },
    );
  }

  const folder = mkdtempSync(join(tmpdir(), 'keras-import-fixtures-'));
  execFileSync(PYTHON, [SCRIPT, folder], { stdio: 'pipe' });
  return folder;
}

export function readExpected(folder: string): ExpectedOutputs {
  return JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as ExpectedOutputs;
}

/**
 * Checks that two float arrays have the same shape and differ by at most `tolerance`.
 * Returns the maximum absolute difference.
 */
export function expectClose(
  actual: ArrayLike<number>,
  actualShape: number[],
  expected: ArrayLike<number>,
  expectedShape: number[],
  tolerance: number,
): number {
  if (actualShape.join(',') !== expectedShape.join(',')) {
    throw new Error(`shape [${actualShape}] differs from the expected [${expectedShape}]`);
  }

  let maxDifference = 0;
  for (let i = 0; i < expected.length; i += 1) {
    const difference = Math.abs((actual[i] as number) - (expected[i] as number));
    if (!(difference <= tolerance)) {
      throw new Error(
        `index ${i}: ${actual[i]} differs from the expected ${expected[i]} by ${difference} ` + `(tolerance ${tolerance})`,
      );
    }
    maxDifference = Math.max(maxDifference, difference);
  }

  return maxDifference;
}
