import { basename, extname } from 'node:path';

import { readMetadataTable, type MetadataTable } from '@projector-kit/data-import';

import { UsageError, type OptionValues } from '../options.js';
import type { Reporter } from '../progress.js';
import { checkFinite, checkOutputFolder, checkRowCount, checkSpriteFits } from './checks.js';
import { readImageSet, type ImageSet } from './image-input.js';
import { labelsFromTable, unlabelled } from './labels.js';
import { planLayouts } from './own-layouts.js';
import { optionalNumber, optionalString, outputSettings, requiredString } from './own-options.js';
import { createStageTimer, formatOwnSummary, type StageTimer } from './summary.js';
import { readTensorFile } from './tensor-file.js';
import { checkComponents, writeOwnFolder } from './write-own-folder.js';

/**
 * Runs `projector-kit embeddings`. It reads a tensor of your own (`.npy`, `.bytes` or `.tsv`),
 * its metadata and optionally sprite images, and checks that they agree. Then it writes a
 * projector folder with PCA (on request), t-SNE and UMAP bookmarks, plots and `index.html`, as
 * the MNIST run does, and validates the folder.
 *
 * @param values - Option values parsed with `EMBEDDINGS_OPTIONS`.
 * @returns The summary to print.
 * @throws UsageError for a missing or invalid option.
 * @throws RangeError for NaN or infinite values (with their row and column) and for metadata
 *   or sprite images whose count differs from the tensor rows.
 * @throws DataImportError for a tensor, metadata or image file that cannot be read.
 */
export async function runEmbeddings(values: OptionValues, reporter: Reporter): Promise<string> {
  const tensorPath = requiredString(values, 'tensor');
  const metadataPath = optionalString(values, 'metadata');
  const spriteDir = optionalString(values, 'spriteImages');
  const labelColumn = optionalString(values, 'labelColumn');
  const cellSize = optionalNumber(values, 'cellSize') ?? 28;
  const settings = outputSettings(values);

  checkOutputFolder(settings.out, [
    ['--tensor', tensorPath],
    ['--metadata', metadataPath],
    ['--sprite-images', spriteDir],
  ]);
  if (labelColumn !== undefined && metadataPath === undefined && spriteDir === undefined) {
    throw new UsageError('--label-column needs --metadata (or --sprite-images, whose columns are label and file).');
  }
  const timer = createStageTimer();

  const { tensor, notes } = await timer.timed('load data', async () =>
    readTensorFile(tensorPath, optionalString(values, 'shape')),
  );
  notes.forEach((note) => reporter.line(note));
  const [rows, columns] = tensor.shape;
  reporter.line(`Tensor: ${rows} x ${columns} from ${tensorPath}.`);
  checkFinite(tensor, `--tensor ${tensorPath}`);
  checkComponents(settings.components, rows, columns);
  const layoutPlan = planLayouts(rows, settings, reporter);

  let metadata: MetadataTable | undefined;
  if (metadataPath !== undefined) {
    metadata = readMetadataTable(metadataPath);
    checkRowCount(metadata.rows.length, rows, `--metadata ${metadataPath}`, `--tensor ${tensorPath}`);
    reporter.line(`Metadata: ${metadata.columns.length} columns (${metadata.columns.join(', ')}) from ${metadataPath}.`);
  }

  let imageSet: ImageSet | undefined;
  if (spriteDir !== undefined) {
    checkSpriteFits(rows, cellSize);
    imageSet = await readSpriteImages(spriteDir, cellSize, rows, tensorPath, timer, reporter);
    metadata ??= { columns: ['label', 'file'], rows: imageSet.labels.map((label, row) => [label, imageSet!.files[row]!]) };
  }

  const labels = metadata ? labelsFromTable(metadata, labelColumn) : unlabelled(rows);
  const output = await writeOwnFolder(
    { name: basename(tensorPath, extname(tensorPath)), tensor, metadata, labels, images: imageSet?.images },
    settings,
    layoutPlan,
    timer,
    reporter,
  );

  const inputLines: Array<[string, string]> = [['tensor', `${tensorPath} (${rows} x ${columns})`]];
  if (metadataPath !== undefined) {
    inputLines.push(['metadata', metadataPath]);
  }
  if (spriteDir !== undefined) {
    inputLines.push(['sprite images', `${spriteDir} (${cellSize} px cells)`]);
  }
  if (labels.classes > 0) {
    inputLines.push(['coloured by', `${labels.column} (${labels.classes} distinct values)`]);
  }
  return formatOwnSummary(inputLines, output, timer.stageSeconds, labels.classes > 0);
}

async function readSpriteImages(
  dir: string,
  cellSize: number,
  rows: number,
  tensorPath: string,
  timer: StageTimer,
  reporter: Reporter,
): Promise<ImageSet> {
  const imageSet = await timer.timed('read images', () =>
    readImageSet(dir, { cellSize, skipUnreadable: false, task: 'Reading sprite images', reporter }),
  );

  const count = imageSet.images.shape[0];
  if (count !== rows) {
    throw new RangeError(
      `--sprite-images ${dir} has ${count} images, but --tensor ${tensorPath} has ${rows} rows. ` +
        'The sprite needs one image per row, in the order of the rows: class sub-folders sorted by name, then the files in each.',
    );
  }
  return imageSet;
}
