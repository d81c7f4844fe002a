import { CONFIG_FILE, projectorUrl, type FolderContents } from '@projector-kit/projector-config';

import type { LayoutStageResult } from './layout-stage.js';
import { layoutPlots, type PlotFile } from './plots.js';
import type { RunSettings } from './run.js';
import { bundleStandaloneProjector, PROJECTOR_SUBDIR, rebaseConfig } from './self-hosted.js';
import { renderIndexHtml, type SiteRun } from './site/index-html.js';

export interface SiteInput {
  settings: RunSettings;
  layouts: LayoutStageResult;
  labels: Uint8Array;
  /** `[n, h, w]` pixels of the sampled images, in tensor row order. */
  images: { data: Uint8Array; shape: [number, number, number] };
  figures: { testAccuracy: number; explainedVariance: number; featureColumns: number };
  /** Stage times so far; read when the page renders, so later stages appear too. */
  stageSeconds: Record<string, number>;
}

export interface SiteFiles {
  /** Files for `writeProjectorFolder`'s `extraFiles`: plots, `index.html`, a bundled projector. */
  files: Record<string, Uint8Array | string | ((folder: FolderContents) => Uint8Array | string)>;
  /** The bundled projector's page inside the folder, when `--projector` was given. */
  projectorPage?: string;
}

/** Builds the static site around the projector files: plots, the summary page and, on request, the projector itself. */
export async function siteFiles(input: SiteInput): Promise<SiteFiles> {
  const { settings, layouts } = input;

  return assembleSite({
    plots: layoutPlots(layouts.layouts, input.labels, input.images, settings.seed),
    projector: settings.projector,
    publicUrl: settings.publicUrl,
    page: {
      title: 'MNIST CNN features in the Embedding Projector',
      counts: { points: input.images.shape[0], dimensions: settings.components, classes: new Set(input.labels).size },
      testAccuracy: input.figures.testAccuracy,
      explainedVariance: input.figures.explainedVariance,
    },
    stageSeconds: input.stageSeconds,
  });
}

/** Parts that {@link assembleSite} puts around a projector folder. */
export interface SiteParts {
  plots: PlotFile[];
  /** Checkout of the standalone Embedding Projector to bundle, if any. */
  projector?: string;
  publicUrl?: string;
  /** Figures of the summary page. */
  page: Pick<SiteRun, 'title' | 'counts' | 'testAccuracy' | 'explainedVariance'>;
  /** Stage times so far; read when the page renders, so later stages appear too. */
  stageSeconds: Record<string, number>;
}

/**
 * Returns the `extraFiles` of a site: the plots, a bundled standalone projector with a config
 * rebased to its page, and `index.html`, rendered from the folder's files once they are known.
 */
export async function assembleSite(parts: SiteParts): Promise<SiteFiles> {
  const { plots } = parts;
  const files: SiteFiles['files'] = {};

  for (const plot of plots) {
    files[plot.file] = plot.png;
  }

  let projectorPage: string | undefined;
  if (parts.projector) {
    const bundled = await bundleStandaloneProjector(parts.projector);
    Object.assign(files, bundled.files);
    files[bundled.configPath] = (folder: FolderContents) => rebaseConfig(JSON.stringify(folder.config), '../');
    projectorPage = bundled.page;
  }

  files['index.html'] = (folder: FolderContents) =>
    renderIndexHtml({
      ...parts.page,
      createdAt: new Date().toISOString(),
      stageSeconds: { ...parts.stageSeconds },
      plots: plots.map(({ file, caption }) => ({ file, caption })),
      files: [
        ...folder.files.filter((file) => file.bytes !== undefined).map((file) => ({ path: file.path, bytes: file.bytes! })),
        ...plots.map((plot) => ({ path: plot.file, bytes: plot.png.length })),
      ],
      configFile: CONFIG_FILE,
      projectorLink: parts.publicUrl ? projectorUrl(`${parts.publicUrl}${CONFIG_FILE}`) : undefined,
      selfHostedProjector: projectorPage ? `${PROJECTOR_SUBDIR}/` : undefined,
    });

  return { files, projectorPage };
}
