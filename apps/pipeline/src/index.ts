export { main } from './main.js';
export { absoluteConfig, serveFolder, type RunningServer } from './serve.js';
export { formatSummary, runPipeline, type RunSettings, type RunSummary } from './run.js';
export { renderIndexHtml, type SiteRun } from './site/index-html.js';
export { renderGithubPagesWorkflow } from './site/github-pages.js';
