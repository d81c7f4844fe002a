import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';

/**
 * Writes `data` to `path` so that readers see either the old file or the complete new one. The
 * bytes go to a temporary file in the same directory and are flushed to disk. Then the temporary
 * file is renamed over `path`, which replaces it atomically on POSIX file systems.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temporaryPath = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const file = await open(temporaryPath, 'w');
  try {
    await file.writeFile(data);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporaryPath, { force: true });
    throw error;
  }
  await file.close();

  try {
    await rename(temporaryPath, path);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
}

/**
 * Reads a file of a saved model directory, turning a missing file into an error that names the
 * directory, the file and the fix.
 *
 * @param operation - The public function reading the file, named in the error.
 * @param fix - What the caller should do when the file is missing.
 * @throws Error when the file does not exist; other read errors pass through unchanged.
 */
export async function readRequiredFile(operation: string, dir: string, fileName: string, fix: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, fileName));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${operation}: ${fileName} not found in ${dir}; ${fix}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Throws unless `fileName` names a file inside the model directory: a relative path without
 * `..` segments, as a weights manifest written by `saveModel` contains.
 */
export function validateManifestPath(operation: string, dir: string, fileName: string): void {
  const normalized = normalize(fileName);
  if (isAbsolute(fileName) || normalized === '..' || normalized.startsWith(`..${sep}`)) {
    throw new Error(
      `${operation}: the weights manifest in ${dir} names '${fileName}', which is outside the directory; only relative paths inside it are read.`,
    );
  }
}

/** Returns the SHA-256 digest of `data` as lowercase hex. */
export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
