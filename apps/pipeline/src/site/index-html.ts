import { escapeHtml, fileHref, formatBytes, formatInteger, formatPercent, formatSeconds, httpUrl } from './html.js';
import { PAGE_CSS } from './styles.js';

/** Contents of the run summary page. */
export interface SiteRun {
  /** Page title and heading. */
  title: string;
  /** When the run was made: an ISO 8601 UTC date-time such as `new Date().toISOString()`, or any text. */
  createdAt: string;
  counts: {
    /** Rows of the tensor, one per point. */
    points: number;
    /** Columns of the tensor. */
    dimensions: number;
    /** Number of distinct labels. */
    classes?: number;
  };
  /** Accuracy of the model on the test set, a fraction in [0, 1]. */
  testAccuracy?: number;
  /** Share of the variance that PCA kept, a fraction in [0, 1]. */
  explainedVariance?: number;
  /** Wall time of each stage in seconds, in the order the stages ran. */
  stageSeconds?: Record<string, number>;
  /** Plot images, paths relative to the page, each with a caption. */
  plots: Array<{ file: string; caption: string }>;
  /** Every file of the run folder, paths relative to the page, sizes in bytes. */
  files: Array<{ path: string; bytes: number }>;
  /** Path of the projector config relative to the page, usually `projector_config.json`. */
  configFile: string;
  /** `https://projector.tensorflow.org/?config=...` link, when the folder has a public URL. */
  projectorLink?: string;
  /** Path of a bundled standalone projector relative to the page, when there is one. */
  selfHostedProjector?: string;
}

const OPERATION = 'renderIndexHtml';

/**
 * Renders the run summary page: one self-contained HTML file with inline CSS and no scripts,
 * fonts or assets from elsewhere. It shows the run's figures, the plots, how to open the run in
 * the Embedding Projector and a table of the files. Every text from `run` is HTML-escaped, and
 * every file path is percent-encoded per segment.
 *
 * @returns The page, starting with `<!doctype html>`.
 * @throws RangeError when a fraction is outside [0, 1], a count or size is negative or not
 *   finite, a file path is not relative to the run folder, or `projectorLink` is not an
 *   absolute http(s) URL.
 */
export function renderIndexHtml(run: SiteRun): string {
  const title = escapeHtml(run.title);
  const created = formatCreated(run.createdAt);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
<header>
<h1>${title}</h1>
<p class="subtitle">Created ${created}</p>
</header>
${renderFigures(run)}
${renderProjector(run)}
${renderPlots(run.plots)}
${renderStages(run.stageSeconds)}
${renderFiles(run.files)}
<footer>
<p>Made with projector-kit. The projector reads <a href="${fileHref(OPERATION, 'configFile', run.configFile)}">${escapeHtml(run.configFile)}</a>.</p>
</footer>
</main>
</body>
</html>
`;
}

/**
 * Renders the creation time: an ISO 8601 date-time as `2026-03-01 12:00 UTC` inside
 * `<time datetime>`, anything else as given.
 */
function formatCreated(createdAt: string): string {
  const iso = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?Z$/.exec(createdAt);
  if (iso === null) {
    return escapeHtml(createdAt);
  }
  return `<time datetime="${escapeHtml(createdAt)}">${iso[1]} ${iso[2]} UTC</time>`;
}

/** Renders the figures: points, dimensions, classes, test accuracy and variance kept. */
function renderFigures(run: SiteRun): string {
  const figures: Array<[string, string]> = [
    ['Points', formatInteger(checkCount('counts.points', run.counts.points))],
    ['Dimensions', formatInteger(checkCount('counts.dimensions', run.counts.dimensions))],
  ];
  if (run.counts.classes !== undefined) {
    figures.push(['Classes', formatInteger(checkCount('counts.classes', run.counts.classes))]);
  }
  if (run.testAccuracy !== undefined) {
    figures.push(['Test accuracy', formatPercent(checkFraction('testAccuracy', run.testAccuracy), 2)]);
  }
  if (run.explainedVariance !== undefined) {
    figures.push(['Variance kept by PCA', formatPercent(checkFraction('explainedVariance', run.explainedVariance), 1)]);
  }

  const items = figures.map(([name, value]) => `<div class="figure"><dt>${name}</dt><dd>${value}</dd></div>`);
  return `<dl class="figures">\n${items.join('\n')}\n</dl>`;
}

/** Renders the links to the projector, or how to get one when the run has no public URL. */
function renderProjector(run: SiteRun): string {
  const config = escapeHtml(run.configFile);
  const parts = ['<section id="projector">', '<h2>Explore in the Embedding Projector</h2>'];

  const buttons: string[] = [];
  if (run.projectorLink !== undefined) {
    const link = escapeHtml(httpUrl(OPERATION, 'projectorLink', run.projectorLink));
    buttons.push(`<a class="button" id="projector-link" href="${link}">Open in the Embedding Projector</a>`);
  }
  if (run.selfHostedProjector !== undefined) {
    const href = fileHref(OPERATION, 'selfHostedProjector', run.selfHostedProjector);
    buttons.push(
      `<a class="button${buttons.length > 0 ? ' secondary' : ''}" id="self-hosted-projector" href="${href}">Open the bundled projector</a>`,
    );
  }
  if (buttons.length > 0) {
    parts.push(`<div class="actions">${buttons.join('\n')}</div>`);
  }

  if (run.projectorLink !== undefined) {
    parts.push(
      `<p>The projector at projector.tensorflow.org loads <code>${config}</code> and the data files from where this folder is published. ` +
        'Your browser then computes PCA, t-SNE or UMAP; t-SNE on 10,000 points takes a few minutes.</p>',
    );
  } else {
    parts.push(
      '<p>This run has no public URL, so there is no direct link. To explore it from this computer, run</p>',
      '<pre><code>projector-kit serve DIR</code></pre>',
      '<p>with <code>DIR</code> the folder that contains this page.</p>',
      '<p><code>serve</code> starts a web server on 127.0.0.1 (port 8080, or <code class="flag">--port N</code>) and prints a link such as ' +
        '<code>https://projector.tensorflow.org/?config=http%3A%2F%2F127.0.0.1%3A8080%2Fprojector_config.json</code>. ' +
        'The projector page comes from projector.tensorflow.org, but your browser fetches the config and the data from the local server, ' +
        'which allows that with CORS headers and turns the config paths into absolute URLs. The data stays on this computer. ' +
        'Keep the server running while the projector is open.</p>',
      `<p>To get a link that works anywhere, publish this folder on a host that sends CORS headers, such as GitHub Pages, and run again with ` +
        `<code class="flag">--public-url</code> set to its address. Opening this page from a <code>file://</code> URL shows it, but the projector needs HTTP.</p>`,
    );
  }
  if (run.selfHostedProjector !== undefined) {
    parts.push(
      '<p>The bundled projector is a copy of the standalone Embedding Projector that is published with this run and needs no other site.</p>',
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** Renders each plot as an image with its caption. */
function renderPlots(plots: SiteRun['plots']): string {
  if (plots.length === 0) {
    return '';
  }
  const figures = plots.map((plot, index) => {
    const src = fileHref(OPERATION, `plots[${index}].file`, plot.file);
    const caption = escapeHtml(plot.caption);
    return `<figure><a href="${src}"><img src="${src}" alt="${caption}" loading="lazy"></a><figcaption>${caption}</figcaption></figure>`;
  });
  return `<section id="plots">\n<h2>Plots</h2>\n<div class="plots">\n${figures.join('\n')}\n</div>\n</section>`;
}

/** Renders the time of each stage and their total. */
function renderStages(stageSeconds: SiteRun['stageSeconds']): string {
  const stages = Object.entries(stageSeconds ?? {});
  if (stages.length === 0) {
    return '';
  }
  let total = 0;
  const rows = stages.map(([stage, seconds]) => {
    total += checkCount(`stageSeconds.${stage}`, seconds);
    return `<tr><td>${escapeHtml(stage)}</td><td class="number">${formatSeconds(seconds)}</td></tr>`;
  });
  return [
    '<section id="stages">',
    '<h2>Time per stage</h2>',
    '<div class="table-wrap"><table>',
    '<thead><tr><th>Stage</th><th class="number">Time</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    `<tfoot><tr><td>Total</td><td class="number">${formatSeconds(total)}</td></tr></tfoot>`,
    '</table></div>',
    '</section>',
  ].join('\n');
}

/** Renders the file table with a link and the size of each file. */
function renderFiles(files: SiteRun['files']): string {
  let total = 0;
  const rows = files.map((file, index) => {
    const bytes = checkCount(`files[${index}].bytes`, file.bytes);
    total += bytes;
    const href = fileHref(OPERATION, `files[${index}].path`, file.path);
    const size = `<td class="number" title="${formatInteger(bytes)} bytes">${formatBytes(bytes)}</td>`;
    return `<tr><td class="path"><a href="${href}">${escapeHtml(file.path)}</a></td>${size}</tr>`;
  });
  return [
    '<section id="files">',
    '<h2>Files</h2>',
    '<div class="table-wrap"><table>',
    '<thead><tr><th>File</th><th class="number">Size</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    `<tfoot><tr><td>${formatInteger(files.length)} files</td><td class="number" title="${formatInteger(total)} bytes">${formatBytes(total)}</td></tr></tfoot>`,
    '</table></div>',
    '</section>',
  ].join('\n');
}

function checkCount(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${OPERATION}: ${name} must be a finite number of at least 0, received ${String(value)}.`);
  }
  return value;
}

function checkFraction(name: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new RangeError(`${OPERATION}: ${name} must be a fraction from 0 to 1 (0.98 for 98 %), received ${String(value)}.`);
  }
  return value;
}
