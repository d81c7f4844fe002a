import { UsageError, type OptionSpec, type OptionValues } from '../options.js';
import { LAYOUT_TUNING_OPTIONS, SKIP_LAYOUT_OPTIONS } from '../run-options.js';

/** Options that shape the projector folder, shared by `embeddings` and `images`. */
const OUTPUT_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'components',
    kind: 'integer',
    min: 1,
    max: 100_000,
    help: 'Reduce the tensor to N columns with PCA before writing; default: keep every column.',
  },
  ...SKIP_LAYOUT_OPTIONS,
  {
    name: 'perplexity',
    kind: 'number',
    min: 2,
    max: 500,
    help: 't-SNE perplexity; default: 30, or the largest value below (rows - 1) / 3 for fewer than 92 rows.',
  },
  ...LAYOUT_TUNING_OPTIONS,
  {
    name: 'out',
    kind: 'string',
    valueName: 'DIR',
    help: 'Output folder (required); replaced only once the new one is complete.',
  },
  {
    name: 'public-url',
    kind: 'url',
    help: 'URL the output folder will be published at; config paths become absolute URLs under it.',
  },
  {
    name: 'projector',
    kind: 'existing-dir',
    valueName: 'DIR',
    help: 'Checkout of the standalone Embedding Projector (a folder with its index.html) to copy into the site.',
  },
  { name: 'seed', kind: 'integer', defaultValue: 0, min: 0, max: 2 ** 31 - 1, help: 'Seed for PCA and the layouts.' },
  { name: 'help', kind: 'flag', help: 'Show this help.' },
];

const CELL_SIZE: OptionSpec = {
  name: 'cell-size',
  kind: 'integer',
  defaultValue: 28,
  min: 1,
  max: 1024,
  help: 'Side of the square sprite cells in px; every image is scaled to fit and padded with black.',
};

/** Options of `projector-kit embeddings`, in the order `--help` lists them. */
export const EMBEDDINGS_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'tensor',
    kind: 'existing-file',
    valueName: 'FILE',
    help: 'Embeddings, one row per point (required): .npy (float32 or float64, C order), .bytes (float32, with --shape) or .tsv.',
  },
  {
    name: 'shape',
    kind: 'string',
    valueName: 'ROWSxCOLS',
    help: 'Shape of a .bytes tensor, such as 1000x128; .npy and .tsv files carry their own.',
  },
  {
    name: 'metadata',
    kind: 'existing-file',
    valueName: 'FILE',
    help: 'Labels of the rows: .tsv, or .csv with RFC 4180 quoting; the first line contains the column names.',
  },
  {
    name: 'label-column',
    kind: 'string',
    valueName: 'NAME',
    help: 'Metadata column that colours the plots and the projector; default: the first column.',
  },
  {
    name: 'sprite-images',
    kind: 'existing-dir',
    valueName: 'DIR',
    help: 'Images of the rows for the sprite, one sub-folder per class, in the order the images command reads them (see the README).',
  },
  { ...CELL_SIZE, help: `${CELL_SIZE.help} Used with --sprite-images.` },
  ...OUTPUT_OPTIONS,
];

/** Options of `projector-kit images`, in the order `--help` lists them. */
export const IMAGES_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'dir',
    kind: 'existing-dir',
    valueName: 'DIR',
    help: 'Images (required): one sub-folder per class, with PNG or JPEG files.',
  },
  CELL_SIZE,
  {
    name: 'model',
    kind: 'string',
    valueName: 'DIR_OR_FILE',
    help: 'Model whose layer gives the features: a TensorFlow.js model folder (model.json) or a Keras 2 whole-model .h5 file; default: the raw pixels.',
  },
  {
    name: 'keras-json',
    kind: 'existing-file',
    valueName: 'FILE',
    help: 'Keras model.to_json() topology, used with --keras-weights instead of --model.',
  },
  {
    name: 'keras-weights',
    kind: 'existing-file',
    valueName: 'FILE',
    help: 'Keras save_weights() HDF5 file, used with --keras-json.',
  },
  {
    name: 'layer',
    kind: 'string',
    valueName: 'NAME_OR_INDEX',
    help: 'Layer to read: a name, or an index in model.layers (--layer=-3 counts from the end); default: the widest Dense layer before the output.',
  },
  {
    name: 'input-range',
    kind: 'choice',
    defaultValue: 'unit',
    choices: ['unit', 'signed', 'byte'],
    help: 'Pixel scale the model expects: unit is [0, 1], signed is [-1, 1], byte is [0, 255].',
  },
  { name: 'batch-size', kind: 'integer', defaultValue: 64, min: 1, max: 4096, help: 'Images per forward pass of the model.' },
  {
    name: 'backend',
    kind: 'choice',
    defaultValue: 'auto',
    choices: ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
    help: 'TensorFlow.js backend for the model; auto picks the fastest one installed.',
  },
  {
    name: 'skip-unreadable',
    kind: 'flag',
    help: 'Skip image files that cannot be decoded, with a warning, instead of stopping.',
  },
  ...OUTPUT_OPTIONS,
];

/** Settings of the output stages, read from the option values of either command. */
export interface OutputSettings {
  out: string;
  components?: number;
  skipTsne: boolean;
  skipUmap: boolean;
  /** Undefined picks the default for the row count. */
  perplexity?: number;
  tsneIterations: number;
  umapNeighbors: number;
  publicUrl?: string;
  projector?: string;
  seed: number;
}

/** Reads the output settings, with the defaults of the option tables for values not given. */
export function outputSettings(values: OptionValues): OutputSettings {
  return {
    out: requiredString(values, 'out'),
    components: optionalNumber(values, 'components'),
    skipTsne: values['skipTsne'] === true,
    skipUmap: values['skipUmap'] === true,
    perplexity: optionalNumber(values, 'perplexity'),
    tsneIterations: optionalNumber(values, 'tsneIterations') ?? 1000,
    umapNeighbors: optionalNumber(values, 'umapNeighbors') ?? 15,
    publicUrl: optionalString(values, 'publicUrl'),
    projector: optionalString(values, 'projector'),
    seed: optionalNumber(values, 'seed') ?? 0,
  };
}

/**
 * Returns the string value of a required option, named by its camelCase key.
 *
 * @throws UsageError when the option was not given.
 */
export function requiredString(values: OptionValues, key: string): string {
  const value = values[key];
  if (typeof value !== 'string' || value === '') {
    throw new UsageError(`Missing --${kebabCase(key)}: this option is required. Run with --help to list the options.`);
  }
  return value;
}

/** Returns the string value of an option, or undefined when it was not given. */
export function optionalString(values: OptionValues, key: string): string | undefined {
  const value = values[key];
  return typeof value === 'string' ? value : undefined;
}

/** Returns the number value of an option, or undefined when it was not given. */
export function optionalNumber(values: OptionValues, key: string): number | undefined {
  const value = values[key];
  return typeof value === 'number' ? value : undefined;
}

/** Turns an option key such as `labelColumn` back into its name on the command line, `label-column`. */
export function kebabCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
