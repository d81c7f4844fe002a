import type { Layout } from '@projector-kit/projector-config';
import { scatterPlot } from '@projector-kit/plot';

/** A PNG plot for the site, with its file name and caption. */
export interface PlotFile {
  file: string;
  caption: string;
  png: Uint8Array;
}

const NAMES: Record<Layout['kind'], string> = { tsne: 't-SNE', umap: 'UMAP', pca: 'PCA' };

/**
 * Draws each layout twice: points coloured by label with a legend, and the same points with
 * digit thumbnails spread over them.
 *
 * @param images - `[n, h, w]` pixels of the plotted points, in the layouts' row order.
 */
export function layoutPlots(
  layouts: readonly Layout[],
  labels: Uint8Array,
  images: { data: Uint8Array; shape: [number, number, number] },
  seed: number,
): PlotFile[] {
  const plots: PlotFile[] = [];

  for (const layout of layouts) {
    const name = NAMES[layout.kind];
    const points = layout.coordinates;

    plots.push({
      file: `plot_${layout.kind}_labels.png`,
      caption: `${name} of ${points.shape[0].toLocaleString('en-US')} points, coloured by label`,
      png: scatterPlot(points, { labels, title: `${name}, coloured by label`, seed }).png,
    });
    plots.push({
      file: `plot_${layout.kind}_thumbnails.png`,
      caption: `${name} with digit thumbnails`,
      png: scatterPlot(points, { labels, title: `${name} with thumbnails`, seed, thumbnails: { images, count: 250 } }).png,
    });
  }

  return plots;
}
