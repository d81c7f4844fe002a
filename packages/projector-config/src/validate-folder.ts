import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { checkConfig } from './config-checks.js';
import type { CheckedEmbedding } from './config-checks.js';
import { parseJsonWithPosition } from './json-position.js';
import { checkMetadataText } from './metadata-checks.js';
import { CONFIG_FILE, resolveConfigPath } from './paths.js';
import { readPngInfo } from './png-info.js';
import { ProjectorFolderError } from './projector-folder-error.js';
import { checkBookmarks, checkSpriteImage } from './sprite-bookmark-checks.js';
import { checkTensorBytes, checkTensorTsv, isGitLfsPointer } from './tensor-checks.js';
import type { Problem, ValidationReport } from './types.js';

/**
 * Checks any Embedding Projector folder, written by this package or not, and returns every
 * problem found instead of stopping at the first.
 *
 * It parses `projector_config.json` (a syntax error gives line and column) and checks each
 * embedding's fields. Then it reads each local file. A `.bytes` tensor must have
 * `rows * cols * 4` bytes of finite float32 (a file of twice that size is reported as
 * float64), and a TSV tensor must have `rows` lines of `cols` numbers. The metadata row
 * count must match, counting a header only when the first line contains a tab, and CRLF
 * line endings and blank lines are reported. The sprite must be a readable PNG of at most
 * 8192 px with a square grid of `ceil(sqrt(rows))` cells of `singleImageDim`. Bookmarks must
 * be an array of states whose `projections` have one entry of finite numbers per row.
 * Git LFS pointer files are reported, because GitHub Pages serves the pointer.
 *
 * Paths resolve against `dir`, as if the page hosting the projector were in `dir`.
 * Absolute URLs are reported as info, not fetched.
 *
 * @param dir - The folder that contains `projector_config.json`.
 * @returns `ok` (no errors), the problems with severity, file and a message that explains
 *   how to fix them, and the `[rows, cols]` of each readable embedding.
 */
export async function validateProjectorFolder(dir: string): Promise<ValidationReport> {
  const problems: Problem[] = [];
  const finish = (embeddings: CheckedEmbedding[]): ValidationReport => ({
    ok: !problems.some((problem) => problem.severity === 'error'),
    problems,
    embeddings: embeddings.map(({ tensorName, rows, cols }) => ({ tensorName, rows, cols })),
  });

  const text = await readLocalFile(join(dir, CONFIG_FILE), CONFIG_FILE, problems, 'Write the config file');
  if (text === null) {
    return finish([]);
  }
  let config: unknown;
  try {
    config = parseJsonWithPosition(text.toString('utf8'));
  } catch (error) {
    problems.push({ severity: 'error', file: CONFIG_FILE, message: `${(error as Error).message}. Fix the JSON syntax.` });
    return finish([]);
  }

  const checked = checkConfig(config, CONFIG_FILE);
  problems.push(...checked.problems);
  for (const embedding of checked.embeddings) {
    await checkEmbeddingFiles(dir, embedding, problems);
  }
  return finish(checked.embeddings);
}

/**
 * Validates a projector folder and throws when it has errors.
 *
 * @returns The report when it has no errors (it may have warnings).
 * @throws ProjectorFolderError listing every error, with all problems in `problems`.
 */
export async function assertValidProjectorFolder(dir: string): Promise<ValidationReport> {
  const report = await validateProjectorFolder(dir);
  if (!report.ok) {
    throw new ProjectorFolderError('assertValidProjectorFolder', dir, report.problems);
  }
  return report;
}

async function checkEmbeddingFiles(dir: string, embedding: CheckedEmbedding, problems: Problem[]): Promise<void> {
  const { rows, cols, tensorPath, metadataPath, sprite, bookmarksPath } = embedding;
  const where = `embeddings[${embedding.index}]`;

  const tensor = tensorPath && (await readConfigFile(dir, tensorPath, `${where}.tensorPath`, problems));
  if (tensor && tensorPath) {
    if (tensorPath.endsWith('.bytes')) {
      problems.push(...checkTensorBytes(tensor, rows, cols, tensorPath));
    } else if (/\.bytes[?#]/.test(tensorPath)) {
      problems.push({
        severity: 'error',
        file: tensorPath,
        message:
          'The path has a query or fragment after ".bytes". The projector reads a tensor as float32 only when ' +
          'tensorPath ends exactly in ".bytes", and parses anything else as TSV. Remove the "?" or "#" part.',
      });
    } else {
      problems.push(...checkTensorTsv(decodeText(tensor, tensorPath, problems), rows, cols, tensorPath));
    }
  }

  const metadata = metadataPath && (await readConfigFile(dir, metadataPath, `${where}.metadataPath`, problems));
  if (metadata && metadataPath) {
    problems.push(...checkMetadataText(decodeText(metadata, metadataPath, problems), rows, metadataPath));
  }

  const image = sprite && (await readConfigFile(dir, sprite.imagePath, `${where}.sprite.imagePath`, problems));
  if (image && sprite) {
    try {
      problems.push(...checkSpriteImage(readPngInfo(image), rows, sprite.singleImageDim, sprite.imagePath));
    } catch (error) {
      problems.push({
        severity: 'error',
        file: sprite.imagePath,
        message: `The sprite cannot be read: ${(error as Error).message}. Write it again as a PNG.`,
      });
    }
  }

  const bookmarks = bookmarksPath && (await readConfigFile(dir, bookmarksPath, `${where}.bookmarksPath`, problems));
  if (bookmarks && bookmarksPath) {
    try {
      problems.push(...checkBookmarks(parseJsonWithPosition(bookmarks.toString('utf8')), rows, bookmarksPath));
    } catch (error) {
      problems.push({ severity: 'error', file: bookmarksPath, message: `${(error as Error).message}. Fix the JSON syntax.` });
    }
  }
}

/** Reads the file a config path points to, or records why it cannot be checked and returns null. */
async function readConfigFile(dir: string, configPath: string, field: string, problems: Problem[]): Promise<Buffer | null> {
  const resolved = resolveConfigPath(dir, configPath);
  if (resolved.kind === 'remote') {
    problems.push({
      severity: 'info',
      file: configPath,
      message: `${field} is ${resolved.reason}, so it is not checked locally.`,
    });
    return null;
  }
  if (resolved.kind === 'invalid') {
    problems.push({ severity: 'error', file: configPath, message: `${field}: ${resolved.reason}` });
    return null;
  }

  const bytes = await readLocalFile(resolved.path, configPath, problems, `Write the file, or correct ${field} in ${CONFIG_FILE}`);
  if (bytes !== null && isGitLfsPointer(bytes)) {
    problems.push({
      severity: 'error',
      file: configPath,
      message:
        'The file is a Git LFS pointer, not the data. GitHub Pages serves the pointer, so the projector ' +
        'cannot read it. Commit the file without LFS.',
    });
    return null;
  }
  return bytes;
}

async function readLocalFile(path: string, file: string, problems: Problem[], fix: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    let reason = `cannot be read (${code})`;
    if (code === 'ENOENT') {
      reason = 'not found';
    } else if (code === 'EISDIR') {
      reason = 'is a folder, not a file';
    }
    problems.push({ severity: 'error', file, message: `File ${reason}: ${path}. ${fix}.` });
    return null;
  }
}

/** Decodes UTF-8 text, recording a warning when the bytes are not valid UTF-8. */
function decodeText(bytes: Buffer, file: string, problems: Problem[]): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    problems.push({
      severity: 'warning',
      file,
      message: 'The file is not valid UTF-8, so the browser shows replacement characters. Save it as UTF-8.',
    });
    return bytes.toString('utf8');
  }
}
