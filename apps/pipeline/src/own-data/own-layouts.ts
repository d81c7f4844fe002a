import type { LayoutSettings } from '../layout-stage.js';
import { UsageError } from '../options.js';
import type { Reporter } from '../progress.js';
import type { OutputSettings } from './own-options.js';

/** Minimum rows for the layouts, because the label agreement that layoutStage reports compares 10 neighbours. */
export const MIN_LAYOUT_ROWS = 11;

const DEFAULT_PERPLEXITY = 30;

/**
 * Decides the layout settings for `rows` points before any long work starts, so that a bad
 * perplexity fails at once. Without `--perplexity`, the perplexity is 30, or the largest
 * integer below `(rows - 1) / 3` (t-SNE's limit) for fewer than 92 rows.
 *
 * @returns The settings, or undefined when no layout is wanted or `rows` is below {@link MIN_LAYOUT_ROWS}.
 * @throws UsageError when `--perplexity` is at or above `(rows - 1) / 3`.
 */
export function planLayouts(rows: number, settings: OutputSettings, reporter: Reporter): LayoutSettings | undefined {
  const tsne = !settings.skipTsne;
  const umap = !settings.skipUmap;
  if (!tsne && !umap) {
    return undefined;
  }
  if (rows < MIN_LAYOUT_ROWS) {
    reporter.line(`Layouts: skipped, because ${rows} rows are too few for t-SNE and UMAP (at least ${MIN_LAYOUT_ROWS}).`);
    return undefined;
  }

  const limit = (rows - 1) / 3;
  let perplexity = settings.perplexity ?? Math.min(DEFAULT_PERPLEXITY, Math.ceil(limit) - 1);
  if (!tsne) {
    perplexity = settings.perplexity ?? DEFAULT_PERPLEXITY;
  } else if (settings.perplexity !== undefined && settings.perplexity >= limit) {
    throw new UsageError(
      `Invalid --perplexity ${settings.perplexity}: t-SNE needs a perplexity below (rows - 1) / 3 = ${limit.toFixed(2)} for ${rows} rows. ` +
        `Pass --perplexity ${Math.ceil(limit) - 1} or less, or --skip-tsne.`,
    );
  } else if (settings.perplexity === undefined && perplexity < DEFAULT_PERPLEXITY) {
    reporter.line(`t-SNE: perplexity ${perplexity}, because ${rows} rows are too few for the default ${DEFAULT_PERPLEXITY}.`);
  }

  return {
    tsne,
    umap,
    perplexity,
    tsneIterations: settings.tsneIterations,
    umapNeighbors: settings.umapNeighbors,
    seed: settings.seed,
  };
}
