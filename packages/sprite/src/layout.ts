/** Largest sprite side, in pixels, that the Embedding Projector loads (8192 x 8192). */
export const MAX_SPRITE_SIDE = 8192;

/** Position and size of every cell in a sprite sheet. */
export interface SpriteLayout {
  /** Cells per row and per column: `ceil(sqrt(count))`. */
  gridSide: number;
  /** Sprite width in pixels: `gridSide * cellWidth`. */
  width: number;
  /** Sprite height in pixels: `gridSide * cellHeight`. */
  height: number;
  /** Cell width in pixels. */
  cellWidth: number;
  /** Cell height in pixels. */
  cellHeight: number;
}

/** Options of {@link spriteLayout}. */
export interface SpriteLayoutOptions {
  /**
   * Largest allowed width and height of the sprite, in pixels.
   * @default 8192
   */
  maxSide?: number;
}

/**
 * Computes the square grid of `count` cells for the Embedding Projector.
 *
 * Cells are filled row by row in input order, so cell `i` sits at row `floor(i / gridSide)`
 * and column `i % gridSide`, and the last row may be partly empty. The grid is square
 * because the projector's shader finds a cell's row by dividing the index by the number of
 * cells per column, so any other grid shows the wrong thumbnails without an error.
 *
 * @param count - Number of images (tensor rows), a positive integer.
 * @param cellWidth - Width of one cell in pixels, a positive integer.
 * @param cellHeight - Height of one cell in pixels, a positive integer.
 * @param options - See {@link SpriteLayoutOptions}.
 * @returns The grid side in cells and the sprite size in pixels.
 * @throws RangeError when an argument is not a positive integer, or when the sprite would
 *   be wider or taller than `maxSide`. The message gives the largest count that fits at this
 *   cell size and suggests smaller cells (see {@link fitCellSize}).
 */
export function spriteLayout(
  count: number,
  cellWidth: number,
  cellHeight: number,
  options: SpriteLayoutOptions = {},
): SpriteLayout {
  const { maxSide = MAX_SPRITE_SIDE } = options;
  return computeSpriteLayout('spriteLayout', count, cellWidth, cellHeight, maxSide);
}

/** Implements {@link spriteLayout}, naming `operation` in its errors. */
export function computeSpriteLayout(
  operation: string,
  count: number,
  cellWidth: number,
  cellHeight: number,
  maxSide: number,
): SpriteLayout {
  checkPositiveInteger(operation, 'count', count);
  checkPositiveInteger(operation, 'cellWidth', cellWidth);
  checkPositiveInteger(operation, 'cellHeight', cellHeight);
  checkPositiveInteger(operation, 'maxSide', maxSide);

  const gridSide = Math.ceil(Math.sqrt(count));
  const width = gridSide * cellWidth;
  const height = gridSide * cellHeight;

  if (width > maxSide || height > maxSide) {
    const largestCell = Math.max(cellWidth, cellHeight);
    const cellsPerSide = Math.floor(maxSide / largestCell);
    const largestCount = cellsPerSide * cellsPerSide;
    const fits = count <= maxSide * maxSide;
    const suggestion = fits ? `cellSize: [${fitCellSize(count, cellWidth, cellHeight, maxSide).join(', ')}]` : 'cellSize';
    throw new RangeError(
      `${operation}: ${count.toLocaleString('en-US')} images of ${cellWidth}x${cellHeight} px need ` +
        `${gridSide}x${gridSide} cells, a ${width}x${height} px sprite, above the ${maxSide} px limit. ` +
        `At this cell size at most ${largestCount.toLocaleString('en-US')} images fit. ` +
        `Pass fewer images, or smaller cells with the ${suggestion} option.`,
    );
  }

  return { gridSide, width, height, cellWidth, cellHeight };
}

/**
 * Returns the largest cell size, with the aspect ratio of `cellWidth` x `cellHeight` kept
 * as closely as whole pixels allow, at which `count` cells fit in a `maxSide` sprite.
 *
 * Cells that already fit are returned unchanged: the function never enlarges.
 *
 * @param count - Number of images, a positive integer.
 * @param cellWidth - Preferred cell width in pixels.
 * @param cellHeight - Preferred cell height in pixels.
 * @param maxSide - Largest sprite side in pixels. @default 8192
 * @returns `[width, height]` in pixels, ready for the `cellSize` option of `createSprite`.
 * @throws RangeError when an argument is not a positive integer, or when even 1x1 px cells
 *   do not fit (`count > maxSide^2`).
 */
export function fitCellSize(
  count: number,
  cellWidth: number,
  cellHeight: number,
  maxSide: number = MAX_SPRITE_SIDE,
): [number, number] {
  checkPositiveInteger('fitCellSize', 'count', count);
  checkPositiveInteger('fitCellSize', 'cellWidth', cellWidth);
  checkPositiveInteger('fitCellSize', 'cellHeight', cellHeight);
  checkPositiveInteger('fitCellSize', 'maxSide', maxSide);

  const gridSide = Math.ceil(Math.sqrt(count));
  const largestCell = Math.floor(maxSide / gridSide);
  if (largestCell < 1) {
    throw new RangeError(
      `fitCellSize: ${count.toLocaleString('en-US')} images need ${gridSide} cells per side, ` +
        `more than the ${maxSide} px limit allows even at 1x1 px. ` +
        `Pass at most ${(maxSide * maxSide).toLocaleString('en-US')} images.`,
    );
  }

  const scale = Math.min(1, largestCell / cellWidth, largestCell / cellHeight);
  const width = Math.max(1, Math.min(largestCell, Math.round(cellWidth * scale)));
  const height = Math.max(1, Math.min(largestCell, Math.round(cellHeight * scale)));
  return [width, height];
}

/**
 * Throws unless `value` is an integer >= 1: a TypeError for a non-number, a RangeError
 * otherwise. The message names `operation` and `name`.
 */
export function checkPositiveInteger(operation: string, name: string, value: number): void {
  if (typeof value !== 'number') {
    throw new TypeError(`${operation}: ${name} must be a positive integer, received ${String(value)} (${typeof value}).`);
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${operation}: ${name} must be a positive integer, received ${value}.`);
  }
}
