import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

import { CONFIG_FILE } from '@projector-kit/projector-config';
import { fitCellSize, MAX_SPRITE_SIDE } from '@projector-kit/sprite';

import { UsageError } from '../options.js';
import type { Matrix } from './tensor-file.js';

/**
 * Checks that every value of `tensor` is finite, because the projector cannot place a point
 * with a NaN or infinite coordinate.
 *
 * @param source - What the tensor is, for the message, such as `--tensor emb.npy`.
 * @throws RangeError giving the first bad value with its row and column (from 0, as NumPy
 *   indexes them), and how many values and rows are bad in all.
 */
export function checkFinite(tensor: Matrix, source: string): void {
  const [, columns] = tensor.shape;
  const { data } = tensor;
  let first = -1;
  let count = 0;
  const badRows = new Set<number>();

  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      first = first < 0 ? i : first;
      count++;
      badRows.add(Math.floor(i / columns));
    }
  }

  if (first >= 0) {
    const row = Math.floor(first / columns);
    throw new RangeError(
      `${source} contains ${data[first]} at row ${row}, column ${first % columns} (counting from 0, as a[${row}, ${first % columns}] in NumPy); ` +
        `${count} value(s) in ${badRows.size} row(s) are NaN or infinite. The projector needs finite values: fix or drop those rows.`,
    );
  }
}

/**
 * Checks that a metadata table has one row per tensor row.
 *
 * @throws RangeError naming both counts. When the table is one row short, the message also
 *   explains that the first line is read as the header, which a one-column projector file lacks.
 */
export function checkRowCount(metadataRows: number, tensorRows: number, metadataSource: string, tensorSource: string): void {
  if (metadataRows === tensorRows) {
    return;
  }

  const hint =
    metadataRows === tensorRows - 1
      ? ' The first line is read as the column names: if the file has no header line, add one, such as "label".'
      : '';
  throw new RangeError(
    `${metadataSource} has ${metadataRows} rows, but ${tensorSource} has ${tensorRows}. ` +
      `Give one metadata row per tensor row, in the same order (the header line is not counted).${hint}`,
  );
}

/**
 * Checks that writing the projector folder to `out` cannot destroy anything else. The folder
 * is replaced as a whole, so it must not contain an input. An existing folder must be empty or
 * a projector folder.
 *
 * @param inputs - `[option, path]` of every input file or folder, such as `['--dir', 'photos']`.
 * @throws UsageError naming the input inside `out`, or the existing folder that is not a
 *   projector folder.
 */
export function checkOutputFolder(out: string, inputs: ReadonlyArray<readonly [string, string | undefined]>): void {
  const outPath = resolve(out);

  for (const [option, path] of inputs) {
    if (path !== undefined && isInside(resolve(path), outPath)) {
      throw new UsageError(
        `--out ${out} contains the input ${option} ${path}, and writing replaces the whole folder. Pass a new folder for --out.`,
      );
    }
  }

  if (!existsSync(outPath)) {
    return;
  }
  if (!statSync(outPath).isDirectory()) {
    throw new UsageError(`--out ${out} is a file. Pass a folder path for --out.`);
  }
  const entries = readdirSync(outPath);
  if (entries.length > 0 && !existsSync(join(outPath, CONFIG_FILE))) {
    throw new UsageError(
      `--out ${out} exists and is not a projector folder (it has no ${CONFIG_FILE}), and writing replaces the whole folder. ` +
        'Pass a new or empty folder for --out.',
    );
  }
}

function isInside(path: string, folder: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder === '' || (fromFolder.split(sep)[0] !== '..' && !isAbsolute(fromFolder));
}

/**
 * Checks that `rows` sprite cells of `cellSize` px fit the projector's 8192 px sprite limit,
 * before any image is read.
 *
 * @throws UsageError giving the largest `--cell-size` that fits.
 */
export function checkSpriteFits(rows: number, cellSize: number): void {
  const gridSide = Math.ceil(Math.sqrt(rows));
  if (gridSide * cellSize <= MAX_SPRITE_SIDE) {
    return;
  }

  const [fitting] = fitCellSize(rows, cellSize, cellSize, MAX_SPRITE_SIDE);
  throw new UsageError(
    `Invalid --cell-size ${cellSize}: ${rows.toLocaleString('en-US')} images need a ${gridSide} x ${gridSide} cell sprite, ` +
      `${(gridSide * cellSize).toLocaleString('en-US')} px a side, above the projector's ${MAX_SPRITE_SIDE} px limit. Pass --cell-size ${fitting} or less.`,
  );
}
