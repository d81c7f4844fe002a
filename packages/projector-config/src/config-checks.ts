import { describeJsonType } from './sprite-bookmark-checks.js';
import type { Problem } from './types.js';

/** An embedding entry with a valid name and shape. Each path is kept only when it is a string. */
export interface CheckedEmbedding {
  index: number;
  tensorName: string;
  rows: number;
  cols: number;
  tensorPath?: string;
  metadataPath?: string;
  sprite?: { imagePath: string; singleImageDim: [number, number] };
  bookmarksPath?: string;
}

const EMBEDDING_FIELDS = ['tensorName', 'tensorShape', 'tensorPath', 'metadataPath', 'sprite', 'bookmarksPath'];
const CONFIG_FIELDS = ['embeddings', 'modelCheckpointPath'];

/**
 * Checks the parsed `projector_config.json`: an object with a non-empty `embeddings` array.
 * Each embedding needs a unique `tensorName`, a `tensorShape` of two positive integers and a
 * `tensorPath` string. `metadataPath` and `bookmarksPath` are optional strings, and the
 * optional `sprite` needs an `imagePath` string and a `singleImageDim` of two positive integers.
 * Unknown fields are reported as warnings because the projector ignores them.
 */
export function checkConfig(config: unknown, file: string): { embeddings: CheckedEmbedding[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const report = (severity: Problem['severity'], message: string): void => {
    problems.push({ severity, file, message });
  };

  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    report('error', `The config must be a JSON object with an "embeddings" array, found ${describeJsonType(config)}.`);
    return { embeddings: [], problems };
  }
  reportUnknownFields(config, CONFIG_FIELDS, 'The config', report);
  const { embeddings } = config as Record<string, unknown>;
  if (!Array.isArray(embeddings) || embeddings.length === 0) {
    report(
      'error',
      `"embeddings" must be a non-empty array, found ${describeJsonType(embeddings)}` +
        `${Array.isArray(embeddings) ? ' with no entries' : ''}. Add one entry per tensor.`,
    );
    return { embeddings: [], problems };
  }

  const checked: CheckedEmbedding[] = [];
  const names = new Set<string>();
  embeddings.forEach((entry: unknown, index) => {
    const embedding = checkEmbedding(entry, index, report);
    if (embedding === null) {
      return;
    }
    if (names.has(embedding.tensorName)) {
      report(
        'error',
        `embeddings[${index}]: tensorName ${JSON.stringify(embedding.tensorName)} is used twice. The projector ` +
          `looks embeddings up by name, so the second one can never be shown. Rename it.`,
      );
      return;
    }
    names.add(embedding.tensorName);
    checked.push(embedding);
  });

  return { embeddings: checked, problems };
}

function checkEmbedding(
  entry: unknown,
  index: number,
  report: (severity: Problem['severity'], message: string) => void,
): CheckedEmbedding | null {
  const where = `embeddings[${index}]`;
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    report('error', `${where} must be an object, found ${describeJsonType(entry)}.`);
    return null;
  }
  const fields = entry as Record<string, unknown>;
  reportUnknownFields(fields, EMBEDDING_FIELDS, where, report);

  const { tensorName, tensorShape, tensorPath, metadataPath, sprite, bookmarksPath } = fields;
  let valid = true;
  if (typeof tensorName !== 'string' || tensorName === '') {
    report('error', `${where}.tensorName must be a non-empty string, found ${JSON.stringify(tensorName) ?? 'nothing'}.`);
    valid = false;
  }
  if (!isPositiveIntegerPair(tensorShape)) {
    report(
      'error',
      `${where}.tensorShape must be [rows, cols] with positive integers, found ${JSON.stringify(tensorShape) ?? 'nothing'}.`,
    );
    valid = false;
  }
  if (typeof tensorPath !== 'string' || tensorPath === '') {
    report(
      'error',
      `${where}.tensorPath must be the path of the tensor file, found ${JSON.stringify(tensorPath) ?? 'nothing'}. ` +
        `The standalone projector reads tensors only from files, and only TensorBoard reads checkpoints.`,
    );
  }
  for (const [name, value] of [
    ['metadataPath', metadataPath],
    ['bookmarksPath', bookmarksPath],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      report('error', `${where}.${name} must be a non-empty string when present, found ${JSON.stringify(value)}.`);
    }
  }
  const checkedSprite = checkSpriteField(sprite, where, report);
  if (!valid) {
    return null;
  }

  const [rows, cols] = tensorShape as [number, number];
  return {
    index,
    tensorName: tensorName as string,
    rows,
    cols,
    ...(typeof tensorPath === 'string' && tensorPath !== '' ? { tensorPath } : {}),
    ...(typeof metadataPath === 'string' && metadataPath !== '' ? { metadataPath } : {}),
    ...(typeof bookmarksPath === 'string' && bookmarksPath !== '' ? { bookmarksPath } : {}),
    ...(checkedSprite ? { sprite: checkedSprite } : {}),
  };
}

function checkSpriteField(
  sprite: unknown,
  where: string,
  report: (severity: Problem['severity'], message: string) => void,
): CheckedEmbedding['sprite'] | undefined {
  if (sprite === undefined) {
    return undefined;
  }
  if (sprite === null || typeof sprite !== 'object' || Array.isArray(sprite)) {
    report('error', `${where}.sprite must be an object { imagePath, singleImageDim }, found ${describeJsonType(sprite)}.`);
    return undefined;
  }
  reportUnknownFields(sprite, ['imagePath', 'singleImageDim'], `${where}.sprite`, report);

  const { imagePath, singleImageDim } = sprite as Record<string, unknown>;
  let valid = true;
  if (typeof imagePath !== 'string' || imagePath === '') {
    report(
      'error',
      `${where}.sprite.imagePath must be the path of the sprite PNG, found ${JSON.stringify(imagePath) ?? 'nothing'}.`,
    );
    valid = false;
  }
  if (!isPositiveIntegerPair(singleImageDim)) {
    report(
      'error',
      `${where}.sprite.singleImageDim must be [width, height] of one cell in pixels, found ${JSON.stringify(singleImageDim) ?? 'nothing'}.`,
    );
    valid = false;
  }
  return valid ? { imagePath: imagePath as string, singleImageDim: singleImageDim as [number, number] } : undefined;
}

function reportUnknownFields(
  object: object,
  known: readonly string[],
  where: string,
  report: (severity: Problem['severity'], message: string) => void,
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      report('warning', `${where} has an unknown field "${key}" that the projector ignores. Known fields: ${known.join(', ')}.`);
    }
  }
}

function isPositiveIntegerPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((size) => Number.isInteger(size) && size >= 1);
}
