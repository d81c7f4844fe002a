import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import { planProjectorFolder } from './folder-plan.js';
import type { PlannedFile } from './folder-plan.js';
import type { ProjectorFolderSpec, WriteProgress, WriteProjectorFolderOptions, WrittenFolder } from './folder-spec.js';

const OPERATION = 'writeProjectorFolder';

/**
 * Writes an Embedding Projector folder: for each embedding `<name>_tensor.bytes`
 * (little-endian float32, row-major), and when given `<name>_metadata.tsv`,
 * `<name>_sprite.png` and `<name>_bookmarks.json`. Then `projector_config.json`, and unless
 * `tensorboard: false` a TSV copy `<name>_tensor.tsv` listed in TensorBoard's
 * `projector_config.pbtxt`, then `extraFiles`. `<name>` is the tensor name with characters
 * other than `A-Z a-z 0-9 . _ -` replaced by `_`.
 *
 * Everything is checked before the first byte is written. The folder is built in a temporary
 * sibling `.<dir>.tmp-<random>`, each file's size is compared with the bytes written, and the
 * folder is renamed into place only when complete. An existing `dir` is renamed to a backup,
 * the new folder renamed into place, and the backup deleted. So a failure leaves the old
 * folder (or nothing) and never a half-written one.
 *
 * @param dir - Folder to write. Its parent folders are created when missing.
 * @param spec - Embeddings, `publicUrl` and `extraFiles`. See {@link ProjectorFolderSpec}.
 * @param options - `overwrite`, `emptyValue`, `onProgress` and `onWarning`.
 * @returns The absolute folder path, each file with its size in bytes, the config and the warnings.
 * @throws TypeError or RangeError for an invalid spec, before anything is written. Invalid
 *   specs include a tensor with NaN or infinite values (the message gives the row and column
 *   of the first), a metadata row count that differs from the tensor's, a sprite that breaks
 *   the projector's grid rules, and invalid bookmarks.
 * @throws Error when `dir` exists and `overwrite` is false, or when writing fails.
 */
export async function writeProjectorFolder(
  dir: string,
  spec: ProjectorFolderSpec,
  options: WriteProjectorFolderOptions = {},
): Promise<WrittenFolder> {
  const { overwrite = true, emptyValue, onProgress, onWarning } = options;
  const plan = planProjectorFolder(spec, emptyValue);
  for (const warning of plan.warnings) {
    onWarning?.(warning);
  }

  const target = resolve(dir);
  await mkdir(dirname(target), { recursive: true });
  await removeAbandonedFolders(target);
  const existing = await stat(target).catch(() => null);
  if (existing !== null && !existing.isDirectory()) {
    throw new Error(`${OPERATION}: ${target} exists and is not a folder. Choose another path.`);
  }
  if (existing !== null && !overwrite) {
    throw new Error(`${OPERATION}: ${target} already exists. Pass overwrite: true to replace it, or choose another folder.`);
  }

  // mkdir rather than mkdtemp, which would create the folder readable by its owner only.
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  await mkdir(temp);
  const files: WrittenFolder['files'] = [];
  try {
    for (const file of plan.files) {
      const bytes = await writePlannedFile(temp, file);
      files.push({ path: file.path, bytes });
      const progress: WriteProgress = { file: file.path, bytes, done: files.length, total: plan.files.length };
      onProgress?.(progress);
    }
    await moveIntoPlace(temp, target, existing !== null);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }

  return { dir: target, files, config: plan.config, warnings: plan.warnings };
}

/** Writes one file under `root`, checks its size on disk, and returns the size in bytes. */
async function writePlannedFile(root: string, file: PlannedFile): Promise<number> {
  const path = join(root, ...file.path.split('/'));
  await mkdir(dirname(path), { recursive: true });

  let expected = 0;
  const handle = await open(path, 'wx');
  try {
    const chunks = typeof file.content === 'function' ? file.content() : [file.content];
    for (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (let offset = 0; offset < bytes.length;) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
      expected += bytes.length;
    }
  } finally {
    await handle.close();
  }

  const written = (await stat(path)).size;
  if (written !== expected) {
    throw new Error(`${OPERATION}: ${file.path} has ${written} bytes on disk, expected ${expected}. Check the free disk space.`);
  }
  return written;
}

/** Renames `temp` to `target`, replacing an existing `target` only once `temp` is in place. */
async function moveIntoPlace(temp: string, target: string, replace: boolean): Promise<void> {
  if (!replace) {
    await rename(temp, target);
    return;
  }

  const backup = join(dirname(target), `.${basename(target)}.old-${process.pid}-${randomBytes(6).toString('hex')}`);
  await rename(target, backup);
  try {
    await rename(temp, target);
  } catch (error) {
    await rename(backup, target);
    throw error;
  }
  await rm(backup, { recursive: true, force: true });
}

/**
 * Cleans up after a writer process that was killed mid-write and no longer runs: its temporary
 * folders (`.<name>.tmp-<pid>-*`) are removed, and its backup (`.<name>.old-<pid>-*`) is moved
 * back to `target` when `target` is missing, else removed. Folders of running processes, this
 * one included, are kept.
 */
async function removeAbandonedFolders(target: string): Promise<void> {
  const prefix = `.${basename(target)}.`;
  const pattern = /^(tmp|old)-(\d+)-[0-9a-f]+$/;

  for (const name of await readdir(dirname(target))) {
    const match = name.startsWith(prefix) ? pattern.exec(name.slice(prefix.length)) : null;
    if (!match || isRunning(Number(match[2]))) {
      continue;
    }
    const path = join(dirname(target), name);
    const targetExists = await stat(target).then(
      () => true,
      () => false,
    );
    if (match[1] === 'old' && !targetExists) {
      await rename(path, target);
    } else {
      await rm(path, { recursive: true, force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
