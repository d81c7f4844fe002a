import { resolve } from 'node:path';

import { fitPca, transform } from '@projector-kit/pca';
import { layoutBookmarks, validateProjectorFolder, writeProjectorFolder } from '@projector-kit/projector-config';
import { createSprite } from '@projector-kit/sprite';

import { layoutStage, type LayoutSettings, type LayoutStageResult } from '../layout-stage.js';
import { UsageError } from '../options.js';
import type { Reporter } from '../progress.js';
import type { WriteStageResult } from '../write-stage.js';
import type { Images } from './image-input.js';
import type { Labels } from './labels.js';
import { ownSiteFiles } from './own-site.js';
import type { OutputSettings } from './own-options.js';
import { howToOpen } from '../open-hint.js';
import type { StageTimer } from './summary.js';
import type { Matrix } from './tensor-file.js';

/** A data set ready for the projector: the tensor before PCA and what is shown beside it. */
export interface OwnDataset {
  /** Tensor name in the projector's menu and the prefix of its files. */
  name: string;
  tensor: Matrix;
  metadata?: { columns: string[]; rows: string[][] };
  labels: Labels;
  /** Images of the rows, in row order, for the sprite and the plot thumbnails. */
  images?: Images;
}

/** Results of the output stages, for the summary. */
export interface OwnOutput {
  rows: number;
  /** Columns of the written tensor, after PCA. */
  columns: number;
  /** Share of the variance PCA kept, when `--components` was given. */
  explainedVariance?: number;
  layouts?: LayoutStageResult;
  written: WriteStageResult;
}

/**
 * Runs the output stages shared by `embeddings` and `images`: PCA when `--components` is
 * given, the offline layouts, plots and `index.html`, then writes the projector folder and
 * validates it.
 *
 * @param layoutPlan - From `planLayouts`, or undefined for no layouts.
 * @throws UsageError when `--components` exceeds the rows or columns.
 * @throws Error when the written folder fails validation, listing each error.
 */
export async function writeOwnFolder(
  dataset: OwnDataset,
  settings: OutputSettings,
  layoutPlan: LayoutSettings | undefined,
  timer: StageTimer,
  reporter: Reporter,
): Promise<OwnOutput> {
  const { reduced, explainedVariance } =
    settings.components === undefined
      ? { reduced: dataset.tensor }
      : await timer.timed('pca', () => reduce(dataset.tensor, settings.components!, settings.seed, reporter));
  const [rows, columns] = reduced.shape;

  const layouts =
    layoutPlan && (await timer.timed('layouts', () => layoutStage(reduced, dataset.labels.codes, layoutPlan, reporter)));

  const site = await timer.timed('plots and site', () =>
    ownSiteFiles({
      name: dataset.name,
      layouts: layouts?.layouts ?? [],
      labels: dataset.labels,
      images: dataset.images,
      rows,
      columns,
      explainedVariance,
      stageSeconds: timer.stageSeconds,
      publicUrl: settings.publicUrl,
      projector: settings.projector,
      seed: settings.seed,
    }),
  );

  const written = await timer.timed('write folder', () => write(dataset, reduced, layouts, site.files, settings, reporter));
  if (site.projectorPage) {
    written.howToOpen.push(`Self-hosted projector: ${site.projectorPage} in the folder (serve it over HTTP).`);
  }

  return { rows, columns, explainedVariance, layouts, written };
}

async function reduce(
  tensor: Matrix,
  components: number,
  seed: number,
  reporter: Reporter,
): Promise<{ reduced: Matrix; explainedVariance: number }> {
  const [rows, columns] = tensor.shape;
  checkComponents(components, rows, columns);

  const model = await fitPca(tensor, { components, seed });
  const explainedVariance = model.explainedVarianceRatio.reduce((sum, ratio) => sum + ratio, 0);
  reporter.line(
    `PCA: ${columns} -> ${components} dimensions, ${(explainedVariance * 100).toFixed(2)}% of the variance kept (${model.method}).`,
  );
  return { reduced: transform(model, tensor), explainedVariance };
}

/**
 * Checks `--components` against the tensor size before any long work starts: PCA keeps at most
 * `min(rows, columns)` components. `columns` may be unknown yet, before a model has run.
 *
 * @throws UsageError naming the limit.
 */
export function checkComponents(components: number | undefined, rows: number, columns?: number): void {
  const limit = Math.min(rows, columns ?? rows);
  if (components === undefined || components <= limit) {
    return;
  }

  const size = columns === undefined ? `${rows} rows` : `a ${rows} x ${columns} tensor`;
  const keep = columns === undefined ? '' : `, or leave it out to keep the ${columns} columns`;
  throw new UsageError(
    `Invalid --components ${components}: PCA keeps at most min(rows, columns) = ${limit} components of ${size}. Pass --components ${limit} or less${keep}.`,
  );
}

async function write(
  dataset: OwnDataset,
  tensor: Matrix,
  layouts: LayoutStageResult | undefined,
  extraFiles: Awaited<ReturnType<typeof ownSiteFiles>>['files'],
  settings: OutputSettings,
  reporter: Reporter,
): Promise<WriteStageResult> {
  const dir = resolve(settings.out);
  const sprite = dataset.images && createSprite(dataset.images);
  const colorBy = dataset.labels.classes > 0 ? dataset.labels.column : undefined;

  const written = await writeProjectorFolder(
    dir,
    {
      embeddings: [
        {
          tensorName: dataset.name,
          tensor,
          metadata: dataset.metadata,
          sprite: sprite && { png: sprite.png, cellWidth: sprite.cellWidth, cellHeight: sprite.cellHeight },
          bookmarks:
            layouts && layouts.layouts.length > 0
              ? layoutBookmarks(layouts.layouts, { tensorColumns: tensor.shape[1], colorBy, labelBy: colorBy })
              : undefined,
        },
      ],
      publicUrl: settings.publicUrl,
      extraFiles,
    },
    { onWarning: (warning) => reporter.line(`Warning: ${warning.message}`) },
  );

  const report = await validateProjectorFolder(dir);
  for (const problem of report.problems.filter((p) => p.severity === 'warning')) {
    reporter.line(`Warning: ${problem.file}: ${problem.message}`);
  }
  const errors = report.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`The written folder ${dir} failed validation:\n${errors.map((e) => `  ${e.file}: ${e.message}`).join('\n')}`);
  }

  return { dir, files: written.files, howToOpen: howToOpen(dir, settings.publicUrl) };
}
