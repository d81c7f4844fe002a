import { readFile } from 'node:fs/promises';
import { parseIdx } from './parse-idx.js';
import type { IdxTensor } from './idx-types.js';

/**
 * Reads and parses an IDX file, plain or gzip-compressed (detected by its content, not its name).
 *
 * @param path - Path of the file.
 * @returns The parsed tensor, as from {@link parseIdx}.
 * @throws IdxError when the file is not a valid IDX file. Its `file` field is `path`.
 * @throws Error from `fs.readFile` (code `ENOENT`, `EACCES`, ...) when the file cannot be read.
 */
export async function readIdx(path: string): Promise<IdxTensor> {
  const bytes = await readFile(path);
  return parseIdx(bytes, path);
}
