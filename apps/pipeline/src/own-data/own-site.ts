import { scatterPlot } from '@projector-kit/plot';
import type { Layout } from '@projector-kit/projector-config';

import type { PlotFile } from '../plots.js';
import { assembleSite, type SiteFiles } from '../site-stage.js';
import type { Labels } from './labels.js';
import type { Images } from './image-input.js';

/** Contents of the summary page and plots of a bring-your-own-data folder. */
export interface OwnSiteInput {
  /** Tensor name, used in the page title and plot titles. */
  name: string;
  layouts: readonly Layout[];
  labels: Labels;
  /** Images of the rows, for thumbnails on the plots. */
  images?: Images;
  rows: number;
  columns: number;
  explainedVariance?: number;
  /** Stage times so far; read when the page renders, so later stages appear too. */
  stageSeconds: Record<string, number>;
  publicUrl?: string;
  projector?: string;
  seed: number;
}

const LAYOUT_NAMES: Record<Layout['kind'], string> = { tsne: 't-SNE', umap: 'UMAP', pca: 'PCA' };

/** Up to this many points, plots draw larger discs, so that a small data set stays visible. */
const FEW_POINTS = 1000;

/** Builds the plots and `index.html` around a bring-your-own-data projector folder, and bundles a standalone projector on request. */
export async function ownSiteFiles(input: OwnSiteInput): Promise<SiteFiles> {
  return assembleSite({
    plots: ownPlots(input),
    projector: input.projector,
    publicUrl: input.publicUrl,
    page: {
      title: `${input.name} in the Embedding Projector`,
      counts: {
        points: input.rows,
        dimensions: input.columns,
        classes: input.labels.classes > 0 ? input.labels.classes : undefined,
      },
      explainedVariance: input.explainedVariance,
    },
    stageSeconds: input.stageSeconds,
  });
}

/** Draws each layout coloured by label, and again with image thumbnails when there are images. */
function ownPlots(input: OwnSiteInput): PlotFile[] {
  const { labels, images, seed } = input;
  const plots: PlotFile[] = [];
  const colouring = labels.classes > 0 ? { labels: labels.values } : {};
  const colouredBy = labels.classes > 0 ? `, coloured by ${labels.column}` : '';
  const pointRadius = input.rows <= FEW_POINTS ? 4 : 2;

  for (const layout of input.layouts) {
    const name = LAYOUT_NAMES[layout.kind];
    const points = layout.coordinates;
    const count = points.shape[0].toLocaleString('en-US');

    plots.push({
      file: `plot_${layout.kind}_labels.png`,
      caption: `${name} of ${count} points${colouredBy}`,
      png: scatterPlot(points, { ...colouring, title: `${input.name}: ${name}${colouredBy}`, seed, pointRadius }).png,
    });
    if (images) {
      plots.push({
        file: `plot_${layout.kind}_thumbnails.png`,
        caption: `${name} with image thumbnails`,
        png: scatterPlot(points, {
          ...colouring,
          title: `${input.name}: ${name} with thumbnails`,
          seed,
          pointRadius,
          thumbnails: { images, count: 250 },
        }).png,
      });
    }
  }

  return plots;
}
