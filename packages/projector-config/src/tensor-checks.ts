import { decodeFloat32LE, findNonFinite } from './tensor-data.js';
import type { Problem } from './types.js';

/**
 * Checks a `.bytes` tensor file: `rows * cols * 4` bytes of little-endian float32, all finite.
 * A file of `rows * cols * 8` bytes is reported as probably float64, which the projector
 * would read as twice the rows of garbage.
 */
export function checkTensorBytes(bytes: Uint8Array, rows: number, cols: number, file: string): Problem[] {
  const expected = rows * cols * 4;
  const error = (message: string): Problem[] => [{ severity: 'error', file, message }];

  if (bytes.length === expected) {
    const found = findNonFinite(decodeFloat32LE(bytes), cols);
    if (found !== null) {
      return error(
        `The tensor contains ${found.value} at row ${found.row}, column ${found.col}. ` +
          `The projector needs finite values: fix or drop that row.`,
      );
    }
    return [];
  }

  const shape = `tensorShape [${rows}, ${cols}]`;
  if (bytes.length === expected * 2) {
    return error(
      `The file has ${bytes.length} bytes, twice the ${expected} of ${shape} as float32: it looks like ` +
        `float64. Write the values as float32 (a Float32Array, or numpy's astype('float32')).`,
    );
  }
  if (bytes.length % 4 !== 0) {
    return error(
      `The file has ${bytes.length} bytes, not a multiple of 4, so it is not float32 data. ` +
        `${shape} needs ${expected} bytes.`,
    );
  }
  const rowsFound = bytes.length / 4 / cols;
  return error(
    `The file has ${bytes.length} bytes (${rowsFound} rows of ${cols} float32 values), but ${shape} needs ` +
      `${expected}. Write the whole tensor, or set tensorShape to the shape of the data.`,
  );
}

/**
 * Checks a TSV tensor file as the projector parses it: one row per line, tab-separated
 * numbers. Blank lines and a `\r` at the end of a line are skipped by the projector, so they
 * are reported as info. Every line must have `cols` finite numbers, and there must be `rows`
 * of them.
 */
export function checkTensorTsv(text: string, rows: number, cols: number, file: string): Problem[] {
  const problems: Problem[] = [];
  const report = (severity: Problem['severity'], message: string): void => {
    problems.push({ severity, file, message });
  };

  if (cols < 2) {
    report('error', `tensorShape has ${cols} column, but the projector rejects TSV vectors with fewer than 2 values.`);
  }
  if (text.includes('\r')) {
    report('info', 'The file uses CRLF line endings. The projector trims them, but LF is the usual choice.');
  }

  const lines = text.split('\n');
  let dataLines = 0;
  let blankLines = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') {
      blankLines += index < lines.length - 1 ? 1 : 0;
      continue;
    }
    dataLines++;

    const values = line.split('\t');
    if (values.length !== cols) {
      report('error', `Line ${index + 1} has ${values.length} values, but tensorShape says ${cols} columns.`);
      return problems;
    }
    const bad = values.findIndex((value) => value.trim() === '' || !Number.isFinite(Number(value)));
    if (bad >= 0) {
      const hint = bad === 0 ? ' The projector would read it as a label and drop it from the vector.' : '';
      report('error', `Line ${index + 1}, column ${bad + 1} is ${JSON.stringify(values[bad])}, not a finite number.${hint}`);
      return problems;
    }
  }

  if (blankLines > 0) {
    report('info', `The file has ${blankLines} blank line(s), which the projector skips.`);
  }
  if (dataLines !== rows) {
    report('error', `The file has ${dataLines} rows, but tensorShape says ${rows}. Make them agree.`);
  }
  return problems;
}

/** Returns true when the file is a Git LFS pointer rather than the data it stands for. */
export function isGitLfsPointer(bytes: Uint8Array): boolean {
  const start = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  return start.startsWith('version https://git-lfs.github.com/spec/');
}
