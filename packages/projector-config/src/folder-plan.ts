import { posix } from 'node:path';

import type { EmbeddingSpec, FolderContents, ProjectorFolderSpec, ProjectorWarning } from './folder-spec.js';
import { formatMetadataTsv } from './metadata-tsv.js';
import { CONFIG_FILE, fileStem, isAbsoluteUrl } from './paths.js';
import { formatProjectorPbtxt } from './pbtxt.js';
import type { PbtxtEmbedding } from './pbtxt.js';
import { readPngInfo } from './png-info.js';
import type { PngInfo } from './png-info.js';
import { checkBookmarks, checkSpriteImage } from './sprite-bookmark-checks.js';
import { checkTensor, encodeFloat32LE, findNonFinite, formatTensorTsv } from './tensor-data.js';
import type { EmbeddingInfo, Problem, ProjectorConfig } from './types.js';

/** Sample sizes of the projector's in-browser t-SNE, UMAP and PCA, and PCA's column limit. */
export const BROWSER_LIMITS = { tsneRows: 10_000, umapRows: 5_000, pcaRows: 50_000, pcaCols: 200 } as const;

/** A file to write: its contents, or a generator of text chunks for large files. */
export interface PlannedFile {
  path: string;
  content: Uint8Array | string | (() => Iterable<string>);
}

/** Every file of a projector folder, checked and ready to write. */
export interface FolderPlan {
  files: PlannedFile[];
  config: ProjectorConfig;
  warnings: ProjectorWarning[];
}

const OPERATION = 'writeProjectorFolder';

/**
 * Checks a folder spec and lists the files to write, without touching the disk.
 *
 * @throws TypeError or RangeError naming the embedding and the rule for any invalid input,
 *   including the row and column of the first NaN or infinite tensor value.
 */
export function planProjectorFolder(spec: ProjectorFolderSpec, emptyValue: string | undefined): FolderPlan {
  if (spec === null || typeof spec !== 'object' || !Array.isArray(spec.embeddings) || spec.embeddings.length === 0) {
    throw new TypeError(`${OPERATION}: spec.embeddings must be a non-empty array of { tensorName, tensor, ... }.`);
  }
  const baseUrl = checkPublicUrl(spec.publicUrl);
  const toConfigPath = (file: string): string => (baseUrl ? new URL(file, baseUrl).href : file);

  const files: PlannedFile[] = [];
  const warnings: ProjectorWarning[] = [];
  const embeddings: EmbeddingInfo[] = [];
  const pbtxtEmbeddings: PbtxtEmbedding[] = [];
  const usedNames = new Set<string>();
  const usedStems = new Set<string>();

  spec.embeddings.forEach((embedding, index) => {
    const context = `${OPERATION}: embeddings[${index}]`;
    const { tensorName } = embedding ?? {};
    if (typeof tensorName !== 'string' || tensorName.trim() === '') {
      throw new TypeError(`${context}.tensorName must be a non-empty string, received ${JSON.stringify(tensorName)}.`);
    }
    if (usedNames.has(tensorName)) {
      throw new RangeError(
        `${context}: tensorName ${JSON.stringify(tensorName)} is used twice. The projector looks embeddings up by name.`,
      );
    }
    usedNames.add(tensorName);
    const stem = uniqueStem(fileStem(tensorName), usedStems);

    const planned = planEmbedding(embedding, stem, `${context} "${tensorName}"`, emptyValue);
    files.push(...planned.files);
    warnings.push(...planned.warnings.map((message) => ({ tensorName, message })));
    embeddings.push(withPaths(planned.info, toConfigPath));
    if (planned.pbtxt) {
      pbtxtEmbeddings.push(planned.pbtxt);
    }
  });

  const config: ProjectorConfig = { embeddings };
  files.push({ path: CONFIG_FILE, content: `${JSON.stringify(config, null, 2)}\n` });
  if (pbtxtEmbeddings.length > 0) {
    files.push({ path: 'projector_config.pbtxt', content: formatProjectorPbtxt(pbtxtEmbeddings) });
  }
  files.push(...planExtraFiles(spec.extraFiles, files, config));
  return { files, config, warnings };
}

function planEmbedding(
  embedding: EmbeddingSpec,
  stem: string,
  context: string,
  emptyValue: string | undefined,
): { files: PlannedFile[]; info: EmbeddingInfo; pbtxt?: PbtxtEmbedding; warnings: string[] } {
  const [rows, cols] = checkTensor(context, embedding.tensor);
  const { data } = embedding.tensor;
  const nonFinite = findNonFinite(data, cols);
  if (nonFinite !== null) {
    throw new RangeError(
      `${context}: the tensor contains ${nonFinite.value} at row ${nonFinite.row}, column ${nonFinite.col}. ` +
        `The projector needs finite values: fix or drop that row.`,
    );
  }

  const files: PlannedFile[] = [{ path: `${stem}_tensor.bytes`, content: encodeFloat32LE(data) }];
  const info: EmbeddingInfo = { tensorName: embedding.tensorName, tensorShape: [rows, cols], tensorPath: `${stem}_tensor.bytes` };

  if (embedding.metadata !== undefined) {
    const tsv = formatMetadataTsv(embedding.metadata, { emptyValue, context });
    if (tsv.rows !== rows) {
      throw new RangeError(`${context}: metadata has ${tsv.rows} rows, but the tensor has ${rows}. Give one row per tensor row.`);
    }
    info.metadataPath = `${stem}_metadata.tsv`;
    files.push({ path: info.metadataPath, content: tsv.text });
  }

  const warnings: string[] = [];
  if (embedding.sprite !== undefined) {
    const { png, cellWidth, cellHeight } = embedding.sprite;
    const imagePath = `${stem}_sprite.png`;
    const problems = checkSpriteSpec(context, png, rows, [cellWidth, cellHeight], imagePath);
    throwOnErrors(context, problems);
    warnings.push(...problems.map((problem) => problem.message));
    info.sprite = { imagePath, singleImageDim: [cellWidth, cellHeight] };
    files.push({ path: imagePath, content: png });
  }

  if (embedding.bookmarks !== undefined) {
    info.bookmarksPath = `${stem}_bookmarks.json`;
    const problems = checkBookmarks(embedding.bookmarks, rows, info.bookmarksPath);
    throwOnErrors(context, problems);
    warnings.push(...problems.map((problem) => problem.message));
    files.push({ path: info.bookmarksPath, content: `${JSON.stringify(embedding.bookmarks)}\n` });
  }

  warnings.push(...describeBrowserLimits(rows, cols));

  if (embedding.tensorboard === false) {
    return { files, info, warnings };
  }
  const tsvPath = `${stem}_tensor.tsv`;
  files.push({ path: tsvPath, content: () => formatTensorTsv(data, rows, cols) });
  const { tensorPath: _bytesPath, tensorShape, ...rest } = info;
  return { files, info, warnings, pbtxt: { ...rest, tensorShape, tensorPath: tsvPath } };
}

function checkSpriteSpec(context: string, png: Uint8Array, rows: number, cell: [number, number], file: string): Problem[] {
  if (!(png instanceof Uint8Array)) {
    throw new TypeError(`${context}: sprite.png must be a Uint8Array or Buffer with the PNG file, received ${typeof png}.`);
  }
  if (!cell.every((size) => Number.isInteger(size) && size >= 1)) {
    throw new RangeError(
      `${context}: sprite.cellWidth and sprite.cellHeight must be positive integers, received ${cell.join('x')}.`,
    );
  }
  let info: PngInfo;
  try {
    info = readPngInfo(png);
  } catch (error) {
    throw new RangeError(`${context}: sprite.png cannot be read: ${(error as Error).message}.`);
  }
  return checkSpriteImage(info, rows, cell, file);
}

function throwOnErrors(context: string, problems: Problem[]): void {
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new RangeError(`${context}: ${errors.map((problem) => problem.message).join(' ')}`);
  }
}

/** Describes how the browser would sample or reduce a tensor of this size, one message per limit reached. */
function describeBrowserLimits(rows: number, cols: number): string[] {
  const { tsneRows, umapRows, pcaRows, pcaCols } = BROWSER_LIMITS;
  const messages: string[] = [];
  if (rows > tsneRows) {
    const pca = rows > pcaRows ? `, PCA on ${pcaRows.toLocaleString('en-US')}` : '';
    messages.push(
      `The tensor has ${rows.toLocaleString('en-US')} rows. In the browser, t-SNE runs on a random sample of ` +
        `${tsneRows.toLocaleString('en-US')} points and UMAP on ${umapRows.toLocaleString('en-US')}${pca}. ` +
        `Write fewer rows, or compute the layout offline and store it in bookmarks.`,
    );
  }
  if (cols > pcaCols) {
    messages.push(
      `The tensor has ${cols} columns. The browser's PCA first projects vectors of more than ${pcaCols} ` +
        `columns onto ${pcaCols} random directions, so reduce them with PCA first for exact components.`,
    );
  }
  return messages;
}

function uniqueStem(stem: string, used: Set<string>): string {
  let candidate = stem;
  for (let suffix = 2; used.has(candidate.toLowerCase()); suffix++) {
    candidate = `${stem}-${suffix}`;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}

function withPaths(info: EmbeddingInfo, toConfigPath: (file: string) => string): EmbeddingInfo {
  return {
    ...info,
    tensorPath: toConfigPath(info.tensorPath),
    ...(info.metadataPath ? { metadataPath: toConfigPath(info.metadataPath) } : {}),
    ...(info.sprite ? { sprite: { ...info.sprite, imagePath: toConfigPath(info.sprite.imagePath) } } : {}),
    ...(info.bookmarksPath ? { bookmarksPath: toConfigPath(info.bookmarksPath) } : {}),
  };
}

function checkPublicUrl(publicUrl: string | undefined): URL | undefined {
  if (publicUrl === undefined) {
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = isAbsoluteUrl(publicUrl) ? new URL(publicUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new RangeError(
      `${OPERATION}: publicUrl must be an absolute http(s) URL such as "https://user.github.io/repo/", ` +
        `received ${JSON.stringify(publicUrl)}.`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new RangeError(`${OPERATION}: publicUrl must not have a query or fragment, received ${JSON.stringify(publicUrl)}.`);
  }
  if (!url.pathname.endsWith('/')) {
    url.pathname += '/';
  }
  return url;
}

function planExtraFiles(
  extraFiles: ProjectorFolderSpec['extraFiles'],
  planned: PlannedFile[],
  config: ProjectorConfig,
): PlannedFile[] {
  if (extraFiles === undefined) {
    return [];
  }
  const contents: FolderContents = {
    config,
    files: planned.map((file) => ({ path: file.path, bytes: plannedSize(file.content) })),
  };
  const taken = new Set(planned.map((file) => file.path.toLowerCase()));
  const result: PlannedFile[] = [];
  for (const [path, content] of Object.entries(extraFiles)) {
    const normal = posix.normalize(path);
    if (
      path === '' ||
      path.includes('\\') ||
      posix.isAbsolute(path) ||
      normal !== path ||
      normal.startsWith('../') ||
      path.endsWith('/')
    ) {
      throw new RangeError(
        `${OPERATION}: extraFiles key ${JSON.stringify(path)} must be a relative file path with "/" separators, ` +
          `without "..", "." or empty segments.`,
      );
    }
    if (typeof content !== 'string' && !(content instanceof Uint8Array) && typeof content !== 'function') {
      throw new TypeError(
        `${OPERATION}: extraFiles[${JSON.stringify(path)}] must be a string, a Uint8Array or a function that returns one, received ${typeof content}.`,
      );
    }
    if (taken.has(path.toLowerCase())) {
      throw new RangeError(`${OPERATION}: extraFiles key ${JSON.stringify(path)} would overwrite a projector file. Rename it.`);
    }
    taken.add(path.toLowerCase());
    result.push({ path, content: typeof content === 'function' ? renderExtraFile(path, content, contents) : content });
  }

  for (const file of result) {
    const parents = file.path
      .split('/')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('/'));
    const clash = parents.find((parent) => taken.has(parent.toLowerCase()));
    if (clash !== undefined) {
      throw new RangeError(
        `${OPERATION}: extraFiles key ${JSON.stringify(file.path)} needs a folder ${JSON.stringify(clash)}, which is also a file.`,
      );
    }
  }
  return result;
}

function renderExtraFile(
  path: string,
  render: (folder: FolderContents) => unknown,
  contents: FolderContents,
): Uint8Array | string {
  const content = render(contents);
  if (typeof content !== 'string' && !(content instanceof Uint8Array)) {
    throw new TypeError(
      `${OPERATION}: the function for extraFiles[${JSON.stringify(path)}] must return a string or Uint8Array, returned ${typeof content}.`,
    );
  }
  return content;
}

/** Size in bytes of planned content; undefined for text generated while writing (the TSV tensor). */
function plannedSize(content: PlannedFile['content']): number | undefined {
  if (typeof content === 'string') {
    return Buffer.byteLength(content);
  }
  return content instanceof Uint8Array ? content.length : undefined;
}
