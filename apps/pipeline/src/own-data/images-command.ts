import { basename, resolve } from 'node:path';

import { selectBackend, type BackendRequest } from '@projector-kit/backend';

import type { OptionValues } from '../options.js';
import type { Reporter } from '../progress.js';
import { checkFinite, checkOutputFolder, checkSpriteFits } from './checks.js';
import { readImageSet, type ImageSet, type Images } from './image-input.js';
import { labelsFromTable } from './labels.js';
import { modelFeatures, parseLayer } from './model-features.js';
import { planModelInput, type InputRange } from './model-input.js';
import { planLayouts } from './own-layouts.js';
import { optionalNumber, optionalString, outputSettings, requiredString } from './own-options.js';
import { createStageTimer, formatOwnSummary, type StageTimer } from './summary.js';
import type { Matrix } from './tensor-file.js';
import { checkModelOptions, hasModel, loadUserModel, type ModelOptions } from './user-model.js';
import { checkComponents, writeOwnFolder } from './write-own-folder.js';

/** Features of the images and where they came from. */
interface ImageFeatures {
  features: Matrix;
  /** Summary lines about the source of the features. */
  inputLines: Array<[string, string]>;
  /** Suffix of the tensor name: the layer name, or `pixels`. */
  suffix: string;
  /** Description of the features for messages, such as `The output of layer dense_1`. */
  source: string;
}

/**
 * Runs `projector-kit images`. It reads `--dir` (one sub-folder per class of PNG or JPEG
 * images) into square cells of `--cell-size` px. It takes features from a layer of `--model`,
 * or without a model the pixels scaled to [0, 1]. Then it writes a projector folder with a
 * sprite of the images, metadata columns `label` (the sub-folder name) and `file`, PCA on
 * request, t-SNE and UMAP bookmarks, plots and `index.html`, and validates the folder.
 *
 * Images feed the model as `planModelInput` describes. They take the model's input height and
 * width (`--cell-size` where the model leaves them open) and its channel count: colour is
 * converted to grey with the BT.601 luma weights, and grey is repeated into RGB. Pixels are
 * scaled to `--input-range`.
 *
 * @param values - Option values parsed with `IMAGES_OPTIONS`.
 * @returns The summary to print.
 * @throws UsageError for a missing or invalid option.
 * @throws DataImportError for a folder without class sub-folders or an image that cannot be decoded.
 * @throws KerasImportError for a model that cannot be loaded.
 * @throws RangeError for a model input that is not an image, an unknown layer, or features
 *   that are NaN or infinite.
 */
export async function runImages(values: OptionValues, reporter: Reporter): Promise<string> {
  const dir = requiredString(values, 'dir');
  const cellSize = optionalNumber(values, 'cellSize') ?? 28;
  const skipUnreadable = values['skipUnreadable'] === true;
  const modelOptions: ModelOptions = {
    model: optionalString(values, 'model'),
    kerasJson: optionalString(values, 'kerasJson'),
    kerasWeights: optionalString(values, 'kerasWeights'),
  };
  const settings = outputSettings(values);

  checkModelOptions(modelOptions);
  checkOutputFolder(settings.out, [
    ['--dir', dir],
    ['--model', modelOptions.model],
    ['--keras-json', modelOptions.kerasJson],
    ['--keras-weights', modelOptions.kerasWeights],
  ]);
  const timer = createStageTimer();

  const imageSet = await timer.timed('read images', () =>
    readImageSet(dir, { cellSize, skipUnreadable, task: 'Reading images', reporter }),
  );
  const [rows, , , channels] = imageSet.images.shape;
  if (rows === 0) {
    throw new Error(
      `No image in ${dir} could be decoded (see the warnings above). Replace the files, or check that they are PNG or JPEG.`,
    );
  }
  checkSpriteFits(rows, cellSize);
  checkComponents(settings.components, rows, hasModel(modelOptions) ? undefined : imageSet.images.data.length / rows);
  const layoutPlan = planLayouts(rows, settings, reporter);

  const { features, inputLines, suffix, source } = hasModel(modelOptions)
    ? await featuresFromModel(values, modelOptions, dir, imageSet, timer, reporter)
    : pixelFeatures(imageSet.images);
  checkFinite(features, source);

  const metadata = { columns: ['label', 'file'], rows: imageSet.labels.map((label, row) => [label, imageSet.files[row]!]) };
  const labels = labelsFromTable(metadata, 'label');
  const output = await writeOwnFolder(
    { name: `${basename(resolve(dir))}_${suffix}`, tensor: features, metadata, labels, images: imageSet.images },
    settings,
    layoutPlan,
    timer,
    reporter,
  );

  return formatOwnSummary(
    [
      [
        'images',
        `${dir} (${rows} images in ${labels.classes} classes, ${cellSize} px cells, ${channels === 1 ? 'grey' : 'RGB'})`,
      ],
      ...inputLines,
    ],
    output,
    timer.stageSeconds,
    true,
  );
}

/** Uses the pixels as features: `[n, side * side * channels]`, scaled to [0, 1]. */
function pixelFeatures(images: Images): ImageFeatures {
  const [rows, side, , channels] = images.shape;
  const data = new Float32Array(images.data.length);
  for (let i = 0; i < data.length; i++) {
    data[i] = images.data[i]! / 255;
  }
  return {
    features: { data, shape: [rows, side * side * channels] },
    inputLines: [['features', 'the pixels, scaled to [0, 1] (no --model)']],
    suffix: 'pixels',
    source: 'The pixel features',
  };
}

async function featuresFromModel(
  values: OptionValues,
  modelOptions: ModelOptions,
  dir: string,
  imageSet: ImageSet,
  timer: StageTimer,
  reporter: Reporter,
): Promise<ImageFeatures> {
  const cellSize = imageSet.images.shape[1];
  const range = (optionalString(values, 'inputRange') ?? 'unit') as InputRange;
  const request = (optionalString(values, 'backend') ?? 'auto') as BackendRequest;

  const backend = await timer.timed('backend', () =>
    selectBackend({ backend: request, onWarning: (message) => reporter.line(`Warning: ${message}`) }),
  );
  reporter.line(`Backend: ${backend.name}`);
  const { model, source } = await timer.timed('load model', () => loadUserModel(modelOptions));

  try {
    const inputShape = model.inputs[0]!.shape;
    const plan = planModelInput(inputShape, cellSize);
    const fed = `${plan.height} x ${plan.width} x ${plan.channels}, pixels scaled to ${RANGE_TEXT[range]}`;
    reporter.line(`Model: ${source}, input [${inputShape.map(String).join(', ')}]; images fed as ${fed}.`);

    const reuse = plan.readSide === cellSize && plan.channels === imageSet.images.shape[3];
    const images = reuse
      ? imageSet.images
      : await timer.timed('read model input', () =>
          readModelImages(dir, plan.readSide, plan.channels, values, imageSet, reporter),
        );

    const { features, layer } = await timer.timed('extract features', () =>
      modelFeatures(model, images, {
        plan,
        range,
        layer: parseLayer(optionalString(values, 'layer')),
        batchSize: optionalNumber(values, 'batchSize') ?? 64,
        reporter,
      }),
    );
    return {
      features,
      inputLines: [
        ['model', `${source} on ${backend.name}`],
        ['model input', fed],
        ['features', `layer ${layer}, ${features.shape[1]} columns`],
      ],
      suffix: layer,
      source: `The output of layer ${layer}`,
    };
  } finally {
    model.dispose();
  }
}

const RANGE_TEXT: Record<InputRange, string> = { unit: '[0, 1]', signed: '[-1, 1]', byte: '[0, 255]' };

/** Reads the images again at the model's size and channels; the file order is the same as the first read. */
async function readModelImages(
  dir: string,
  side: number,
  channels: 1 | 3,
  values: OptionValues,
  imageSet: ImageSet,
  reporter: Reporter,
): Promise<Images> {
  const again = await readImageSet(dir, {
    cellSize: side,
    channels,
    skipUnreadable: values['skipUnreadable'] === true,
    task: 'Reading model input',
    reporter,
  });
  if (again.files.length !== imageSet.files.length || again.files.some((file, row) => file !== imageSet.files[row])) {
    throw new Error(`The files in ${dir} changed while they were read: read the folder again when nothing writes to it.`);
  }
  return again.images;
}
