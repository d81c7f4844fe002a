import { resolve } from 'node:path';

import type { MnistSplit } from '@projector-kit/mnist-loader';
import {
  layoutBookmarks,
  validateProjectorFolder,
  writeProjectorFolder,
  type Layout,
  type ProjectorFolderSpec,
} from '@projector-kit/projector-config';
import { createSprite, fitCellSize, spriteLayout } from '@projector-kit/sprite';

import { howToOpen } from './open-hint.js';
import type { Reporter } from './progress.js';
import type { RunSettings } from './run.js';

/** Name of the embedding in the projector's menu and the prefix of its files. */
export const TENSOR_NAME = 'mnist_features';

export interface WriteStageInput {
  settings: RunSettings;
  train: MnistSplit;
  indices: Int32Array;
  labels: Uint8Array;
  projected: { data: Float32Array; shape: number[] };
  /** The model's softmax output for the sampled images, `[n, classes]`, for the predicted label. */
  output?: { data: Float32Array; shape: number[] };
  /** Offline layouts written as bookmarks. */
  layouts: Layout[];
  /** More files for the site (plots, the summary page, a bundled projector), by relative path. */
  extraFiles: ProjectorFolderSpec['extraFiles'];
  reporter: Reporter;
}

export interface WriteStageResult {
  dir: string;
  files: Array<{ path: string; bytes: number }>;
  howToOpen: string[];
}

/** Writes the sprite, metadata, tensor and config into the output folder, then validates it. */
export async function writeStage(input: WriteStageInput): Promise<WriteStageResult> {
  const { settings, train, indices, reporter } = input;
  const dir = resolve(settings.out);
  const rows = indices.length;

  const cellSize = chooseCellSize(settings, rows, train.width, reporter);
  const sprite = createSprite(
    { data: sampledPixels(train, indices), shape: [rows, train.height, train.width] },
    cellSize === train.width ? {} : { cellSize },
  );

  const [, cols] = input.projected.shape as [number, number];
  const written = await writeProjectorFolder(
    dir,
    {
      embeddings: [
        {
          tensorName: TENSOR_NAME,
          tensor: { data: input.projected.data, shape: [rows, cols] },
          metadata: metadataTable(input),
          sprite: { png: sprite.png, cellWidth: sprite.cellWidth, cellHeight: sprite.cellHeight },
          bookmarks:
            input.layouts.length > 0
              ? layoutBookmarks(input.layouts, { tensorColumns: cols, colorBy: 'label', labelBy: 'label' })
              : undefined,
        },
      ],
      publicUrl: settings.publicUrl,
      extraFiles: input.extraFiles,
    },
    { onWarning: (warning) => reporter.line(`Warning: ${warning.message}`) },
  );

  const report = await validateProjectorFolder(dir);
  const errors = report.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`The written folder ${dir} failed validation:\n${errors.map((e) => `  ${e.file}: ${e.message}`).join('\n')}`);
  }

  return { dir, files: written.files, howToOpen: howToOpen(dir, settings.publicUrl) };
}

/**
 * Returns the sprite cell side for `rows` images of `imageSide` px: `--cell-size` or the image
 * size, shrunk to fit 8192 px with `--fit-sprite`. The run calls it before training too, so a
 * sprite that cannot fit fails in seconds, not after the training.
 *
 * @throws RangeError from `spriteLayout`, naming the largest count that fits, without `--fit-sprite`.
 */
export function chooseCellSize(settings: RunSettings, rows: number, imageSide: number, reporter?: Reporter): number {
  const requestedSide = settings.cellSize ?? imageSide;
  if (!settings.fitSprite) {
    spriteLayout(rows, requestedSide, requestedSide);
    return requestedSide;
  }
  const [fitted] = fitCellSize(rows, requestedSide, requestedSide);
  if (fitted < requestedSide) {
    reporter?.line(`Sprite: ${rows} cells of ${requestedSide} px do not fit 8192 px; using ${fitted} px cells.`);
  }
  return fitted;
}

/** Copies the pixels of the sampled images, `[indices.length, h, w]`, in sample order. */
export function sampledPixels(train: MnistSplit, indices: Int32Array): Uint8Array {
  const size = train.height * train.width;
  const pixels = new Uint8Array(indices.length * size);
  for (let row = 0; row < indices.length; row++) {
    const source = indices[row]! * size;
    pixels.set(train.images.subarray(source, source + size), row * size);
  }
  return pixels;
}

function metadataTable(input: WriteStageInput): { columns: string[]; rows: string[][] } {
  const { labels, indices, output } = input;
  const predicted = output ? argmaxRows(output) : undefined;
  const rows: string[][] = [];
  for (let row = 0; row < indices.length; row++) {
    const label = String(labels[row]);
    if (predicted) {
      const guess = String(predicted[row]);
      rows.push([label, guess, guess === label ? 'yes' : 'no', String(indices[row])]);
    } else {
      rows.push([label, String(indices[row])]);
    }
  }
  const columns = predicted ? ['label', 'predicted', 'correct', 'mnist_index'] : ['label', 'mnist_index'];
  return { columns, rows };
}

function argmaxRows(matrix: { data: Float32Array; shape: number[] }): Uint8Array {
  const [rows, cols] = matrix.shape as [number, number];
  const classes = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    let best = 0;
    for (let col = 1; col < cols; col++) {
      if (matrix.data[row * cols + col]! > matrix.data[row * cols + best]!) {
        best = col;
      }
    }
    classes[row] = best;
  }
  return classes;
}
