import { createRng } from '@projector-kit/mnist-loader';
import type { Layout } from '@projector-kit/projector-config';
import { knnLabelAgreement, tsne } from '@projector-kit/tsne';
import { UMAP } from 'umap-js';

import type { ProgressTask, Reporter } from './progress.js';

/** Settings of the offline layouts. */
export interface LayoutSettings {
  tsne: boolean;
  umap: boolean;
  perplexity: number;
  tsneIterations: number;
  umapNeighbors: number;
  seed: number;
}

/** Layouts and how well each keeps the neighbourhoods of the input. */
export interface LayoutStageResult {
  layouts: Layout[];
  /** Share of each point's 10 nearest neighbours with the same label, in the input and per layout; unset for 10 points or fewer. */
  agreement: { input?: number; tsne?: number; umap?: number };
  tsneKlDivergence?: number;
  seconds: { tsne?: number; umap?: number };
}

const NEIGHBOURS_FOR_AGREEMENT = 10;
const UMAP_MIN_DIST = 0.1;

/** Computes t-SNE and UMAP layouts of `points` in 2-D for the projector's bookmarks and the plots. */
export async function layoutStage(
  points: { data: Float32Array; shape: [number, number] },
  labels: ArrayLike<number>,
  settings: LayoutSettings,
  reporter: Reporter,
): Promise<LayoutStageResult> {
  const result: LayoutStageResult = { layouts: [], agreement: {}, seconds: {} };
  const measureAgreement = points.shape[0] > NEIGHBOURS_FOR_AGREEMENT;
  if (measureAgreement) {
    result.agreement.input = knnLabelAgreement(points, labels, NEIGHBOURS_FOR_AGREEMENT);
  }

  if (settings.tsne) {
    const startedAt = performance.now();
    const task = reporter.task('t-SNE', settings.tsneIterations);
    const layout = await tsne(points, {
      perplexity: settings.perplexity,
      iterations: settings.tsneIterations,
      seed: settings.seed,
      onProgress: (p) => task.update(p.iteration, p.klDivergence === undefined ? undefined : `KL ${p.klDivergence.toFixed(3)}`),
    });
    result.seconds.tsne = (performance.now() - startedAt) / 1000;
    result.tsneKlDivergence = layout.klDivergence;
    result.agreement.tsne = measureAgreement ? knnLabelAgreement(layout.embedding, labels, NEIGHBOURS_FOR_AGREEMENT) : undefined;
    task.finish(`KL divergence ${layout.klDivergence.toFixed(3)}${agreementText(result.agreement.tsne)}`);
    result.layouts.push({
      kind: 'tsne',
      label: 't-SNE (computed offline)',
      coordinates: layout.embedding,
      tsne: { perplexity: settings.perplexity, learningRate: Math.max(200, points.shape[0] / 12), iterations: layout.iterations },
    });
  }

  if (settings.umap) {
    const startedAt = performance.now();
    const { coordinates, task } = await runUmap(points, settings, reporter);
    result.seconds.umap = (performance.now() - startedAt) / 1000;
    result.agreement.umap = measureAgreement ? knnLabelAgreement(coordinates, labels, NEIGHBOURS_FOR_AGREEMENT) : undefined;
    task.finish(agreementText(result.agreement.umap).replace(/^, /, ''));
    result.layouts.push({
      kind: 'umap',
      label: 'UMAP (computed offline)',
      coordinates,
      umap: { neighbors: settings.umapNeighbors, minDist: UMAP_MIN_DIST },
    });
  }

  return result;
}

async function runUmap(
  points: { data: Float32Array; shape: [number, number] },
  settings: LayoutSettings,
  reporter: Reporter,
): Promise<{ coordinates: { data: Float32Array; shape: [number, number] }; task: ProgressTask }> {
  const [rows, cols] = points.shape;
  const vectors: number[][] = [];
  for (let row = 0; row < rows; row++) {
    vectors.push(Array.from(points.data.subarray(row * cols, (row + 1) * cols)));
  }

  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(settings.umapNeighbors, rows - 1),
    minDist: UMAP_MIN_DIST,
    random: createRng(settings.seed),
  });
  reporter.line(`UMAP: finding ${settings.umapNeighbors} nearest neighbours of ${rows} points...`);
  const epochs = umap.initializeFit(vectors);
  const task = reporter.task('UMAP', epochs);
  for (let epoch = 0; epoch < epochs; epoch++) {
    umap.step();
    task.update(epoch + 1);
    if (epoch % 25 === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  const embedding = umap.getEmbedding();
  const data = new Float32Array(rows * 2);
  for (let row = 0; row < rows; row++) {
    data[row * 2] = embedding[row]![0]!;
    data[row * 2 + 1] = embedding[row]![1]!;
  }
  return { coordinates: { data, shape: [rows, 2] }, task };
}

function agreementText(agreement: number | undefined): string {
  return agreement === undefined ? '' : `, 10-NN label agreement ${(agreement * 100).toFixed(2)}%`;
}

/** Formats the summary lines of the 10-NN label agreement, in the input named `inputName` and per layout. */
export function formatAgreementLines(layouts: LayoutStageResult, inputName: string): string[] {
  const { agreement, tsneKlDivergence } = layouts;
  const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
  const lines: string[] = [];

  if (agreement.input !== undefined) {
    lines.push(`  10-NN label agreement: ${percent(agreement.input)} in ${inputName}`);
  }
  if (agreement.tsne !== undefined) {
    lines.push(`    t-SNE 2-D:          ${percent(agreement.tsne)} (KL divergence ${tsneKlDivergence?.toFixed(3)})`);
  }
  if (agreement.umap !== undefined) {
    lines.push(`    UMAP 2-D:           ${percent(agreement.umap)}`);
  }
  return lines;
}
