export { main } from './main.js';
export { absoluteConfig, serveFolder, type RunningServer } from './serve.js';
export { formatSummary, runPipeline, type RunSettings, type RunSummary } from './run.js';
