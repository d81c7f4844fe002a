import type { PngInfo } from './png-info.js';
import type { Problem } from './types.js';

/** Largest sprite width and height, in pixels, that the Embedding Projector loads. */
export const MAX_SPRITE_SIDE = 8192;

const PROJECTION_KEY = /^(tsne|umap|pca|linear)-\w+$/;
const PROJECTION_TYPES = ['pca', 'tsne', 'umap', 'custom'];

/**
 * Checks a sprite image against the projector's rules: at most 8192 px a side, a whole
 * number of cells, as many cells per row as per column, and at least one cell per tensor row.
 *
 * The projector's shader takes a cell's column as `index mod cellsPerRow` and its row as
 * `floor(index / cellsPerColumn)`, so a grid that is not square in cells shows the wrong
 * thumbnails without an error.
 *
 * @param cell - `singleImageDim`: `[width, height]` of one cell in pixels.
 */
export function checkSpriteImage(png: PngInfo, rows: number, cell: readonly [number, number], file: string): Problem[] {
  const [cellWidth, cellHeight] = cell;
  const gridSide = Math.ceil(Math.sqrt(rows));
  const expected = `${gridSide * cellWidth}x${gridSide * cellHeight} px (${gridSide}x${gridSide} cells)`;
  const size = `${png.width}x${png.height} px`;
  const problems: Problem[] = [];
  const error = (message: string): void => {
    problems.push({ severity: 'error', file, message });
  };

  if (png.width > MAX_SPRITE_SIDE || png.height > MAX_SPRITE_SIDE) {
    error(
      `The sprite is ${size}, above the projector's ${MAX_SPRITE_SIDE} px limit, so the projector ` +
        `rejects it. Use smaller cells (fitCellSize and the cellSize option of @projector-kit/sprite).`,
    );
  }
  if (png.width % cellWidth !== 0 || png.height % cellHeight !== 0) {
    error(
      `The sprite is ${size}, not a whole number of ${cellWidth}x${cellHeight} px cells ` +
        `(singleImageDim). For ${rows} rows it should be ${expected}.`,
    );
    return problems;
  }

  const perRow = png.width / cellWidth;
  const perColumn = png.height / cellHeight;
  if (perRow !== perColumn) {
    error(
      `The sprite is ${size}, a grid of ${perRow}x${perColumn} cells that is not square. The projector ` +
        `finds a cell's row with the number of cells per column, so it would show the wrong thumbnails. ` +
        `For ${rows} rows it should be ${expected}, filled row by row.`,
    );
  } else if (perRow * perColumn < rows) {
    error(`The sprite has ${perRow * perColumn} cells for ${rows} tensor rows. It should be ${expected}.`);
  } else if (perRow !== gridSide) {
    problems.push({
      severity: 'warning',
      file,
      message:
        `The sprite has ${perRow} cells per side, where ${rows} rows need ${gridSide} (ceil(sqrt(rows))). ` +
        `The thumbnails are right only if the cells were placed ${perRow} per row.`,
    });
  }

  return problems;
}

/**
 * Checks the projector's bookmarks (saved states): a JSON array of objects, and in each state
 * that has `projections`, one object per tensor row whose values are finite numbers under
 * the same keys (such as `tsne-0`, `umap-1`, `pca-0`) for every point.
 */
export function checkBookmarks(bookmarks: unknown, rows: number, file: string): Problem[] {
  const problems: Problem[] = [];
  const report = (severity: Problem['severity'], message: string): void => {
    problems.push({ severity, file, message });
  };

  if (!Array.isArray(bookmarks)) {
    report('error', `Bookmarks must be a JSON array of saved states, found ${describeJsonType(bookmarks)}.`);
    return problems;
  }

  bookmarks.forEach((state: unknown, stateIndex) => {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      report('error', `Bookmark ${stateIndex} must be an object (a saved state), found ${describeJsonType(state)}.`);
      return;
    }
    const { projections, selectedProjection } = state as Record<string, unknown>;
    if (selectedProjection !== undefined && !PROJECTION_TYPES.includes(selectedProjection as string)) {
      report(
        'warning',
        `Bookmark ${stateIndex} has selectedProjection ${JSON.stringify(selectedProjection)}, but the ` +
          `projector supports only ${PROJECTION_TYPES.join(', ')}.`,
      );
    }
    if (projections !== undefined) {
      const message = checkProjections(projections, rows);
      if (message !== null) {
        report('error', `Bookmark ${stateIndex}: ${message}`);
      }
    }
  });

  return problems;
}

/** Returns what is wrong with a state's `projections`, or null when they are valid. */
function checkProjections(projections: unknown, rows: number): string | null {
  if (!Array.isArray(projections)) {
    return `projections must be an array with one object per tensor row, found ${describeJsonType(projections)}.`;
  }
  if (projections.length !== rows) {
    return `projections has ${projections.length} entries for ${rows} tensor rows. Give one per row, in tensor order.`;
  }

  let keys: string[] | undefined;
  for (let point = 0; point < projections.length; point++) {
    const coordinates: unknown = projections[point];
    if (coordinates === null || typeof coordinates !== 'object' || Array.isArray(coordinates)) {
      return `projections[${point}] must be an object such as {"tsne-0": 1.5, "tsne-1": -0.2}, found ${describeJsonType(coordinates)}.`;
    }
    const entries = Object.entries(coordinates);
    for (const [key, value] of entries) {
      if (!PROJECTION_KEY.test(key)) {
        return `projections[${point}] has key ${JSON.stringify(key)}; use keys such as tsne-0, umap-0 or pca-0.`;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return `projections[${point}]["${key}"] is ${JSON.stringify(value)}, not a finite number.`;
      }
    }
    const pointKeys = entries.map(([key]) => key).sort();
    keys ??= pointKeys;
    if (pointKeys.join() !== keys.join()) {
      return `projections[${point}] has keys [${pointKeys.join(', ')}] but projections[0] has [${keys.join(', ')}]. Every point needs the same keys.`;
    }
  }

  return null;
}

/** Names the JSON type of a value for messages: array, object, string, number, boolean or null. */
export function describeJsonType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
