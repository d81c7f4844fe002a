export { scatterPlot } from './scatter-plot.js';
export type { ScatterPlot } from './scatter-plot.js';
export { MAX_PLOT_SIDE, MIN_PLOT_SIDE } from './options.js';
export type { ScatterPlotOptions, ScatterThumbnails } from './options.js';
export type { PointTensor } from './points.js';
export type { ThumbnailImages } from './thumbnails.js';
export { PALETTE, hashedColour } from './palette.js';
export type { Rgb } from './raster.js';
