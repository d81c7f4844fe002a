import { scatterPlot } from '@projector-kit/plot';
import { CONFIG_FILE, projectorUrl, type FolderContents, type Layout } from '@projector-kit/projector-config';

import type { PlotFile } from '../plots.js';
import { bundleStandaloneProjector, PROJECTOR_SUBDIR, rebaseConfig } from '../self-hosted.js';
import type { SiteFiles } from '../site-stage.js';
import { renderIndexHtml } from '../site/index-html.js';
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

/**
 * Builds the plots and `index.html` around a bring-your-own-data projector folder, and copies
 * a standalone projector in on request, as `siteFiles` does for the MNIST run.
 *
 * NOTE: `siteFiles` and `layoutPlots` take MNIST's numeric labels, a grey image batch and a
 * test accuracy, so this adapter calls the same plot and page functions with the labels'
 * text, colour images and no accuracy.
 */
export async function ownSiteFiles(input: OwnSiteInput): Promise<SiteFiles> {
  const files: SiteFiles['files'] = {};

  const plots = ownPlots(input);
  for (const plot of plots) {
    files[plot.file] = plot.png;
  }

  let projectorPage: string | undefined;
  if (input.projector) {
    const bundled = await bundleStandaloneProjector(input.projector);
    Object.assign(files, bundled.files);
    files[bundled.configPath] = (folder: FolderContents) => rebaseConfig(JSON.stringify(folder.config), '../');
    projectorPage = bundled.page;
  }

  files['index.html'] = (folder: FolderContents) =>
    renderIndexHtml({
      title: `${input.name} in the Embedding Projector`,
      createdAt: new Date().toISOString(),
      counts: {
        points: input.rows,
        dimensions: input.columns,
        classes: input.labels.classes > 0 ? input.labels.classes : undefined,
      },
      explainedVariance: input.explainedVariance,
      stageSeconds: { ...input.stageSeconds },
      plots: plots.map(({ file, caption }) => ({ file, caption })),
      files: [
        ...folder.files.filter((file) => file.bytes !== undefined).map((file) => ({ path: file.path, bytes: file.bytes! })),
        ...plots.map((plot) => ({ path: plot.file, bytes: plot.png.length })),
      ],
      configFile: CONFIG_FILE,
      projectorLink: input.publicUrl ? projectorUrl(`${input.publicUrl}${CONFIG_FILE}`) : undefined,
      selfHostedProjector: projectorPage ? `${PROJECTOR_SUBDIR}/` : undefined,
    });

  return { files, projectorPage };
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
