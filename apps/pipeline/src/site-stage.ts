import { CONFIG_FILE, projectorUrl, type FolderContents } from '@projector-kit/projector-config';

import type { LayoutStageResult } from './layout-stage.js';
import { layoutPlots } from './plots.js';
import type { RunSettings } from './run.js';
import { bundleStandaloneProjector, PROJECTOR_SUBDIR, rebaseConfig } from './self-hosted.js';
import { renderIndexHtml } from './site/index-html.js';

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
  const files: SiteFiles['files'] = {};

  const plots = layoutPlots(layouts.layouts, input.labels, input.images, settings.seed);
  for (const plot of plots) {
    files[plot.file] = plot.png;
  }

  let projectorPage: string | undefined;
  if (settings.projector) {
    const bundled = await bundleStandaloneProjector(settings.projector);
    Object.assign(files, bundled.files);
    files[bundled.configPath] = (folder: FolderContents) => rebaseConfig(JSON.stringify(folder.config), '../');
    projectorPage = bundled.page;
  }

  files['index.html'] = (folder: FolderContents) =>
    renderIndexHtml({
      title: 'MNIST CNN features in the Embedding Projector',
      createdAt: new Date().toISOString(),
      counts: { points: input.images.shape[0], dimensions: settings.components, classes: new Set(input.labels).size },
      testAccuracy: input.figures.testAccuracy,
      explainedVariance: input.figures.explainedVariance,
      stageSeconds: { ...input.stageSeconds },
      plots: plots.map(({ file, caption }) => ({ file, caption })),
      files: [
        ...folder.files.filter((file) => file.bytes !== undefined).map((file) => ({ path: file.path, bytes: file.bytes! })),
        ...plots.map((plot) => ({ path: plot.file, bytes: plot.png.length })),
      ],
      configFile: CONFIG_FILE,
      projectorLink: settings.publicUrl ? projectorUrl(`${settings.publicUrl}${CONFIG_FILE}`) : undefined,
      selfHostedProjector: projectorPage ? `${PROJECTOR_SUBDIR}/` : undefined,
    });

  return { files, projectorPage };
}
