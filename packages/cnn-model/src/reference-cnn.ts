import { initializers, layers, sequential, type Sequential } from '@tensorflow/tfjs-layers';

import { createSeededIntegers } from './prng.js';

/** Options of {@link createReferenceCnn}. */
export interface ReferenceCnnOptions {
  /**
   * Seed of the Glorot-uniform kernel initializers: the same seed gives identical weights.
   * Without it the kernels are drawn from `Math.random`.
   */
  seed?: number;
  /** Shape of one input image, `[height, width, channels]`. @default [28, 28, 1] */
  inputShape?: [number, number, number];
  /** Number of classes, the units of the softmax output layer. @default 10 */
  numClasses?: number;
}

/**
 * Creates the MNIST CNN of the reference Keras tutorial, untrained and not compiled:
 *
 * ```
 * conv2d_1        Conv2D(32, 3x3, relu)      [n, 26, 26, 32]
 * conv2d_2        Conv2D(64, 3x3, relu)      [n, 24, 24, 64]
 * max_pooling2d_1 MaxPooling2D(3x3)          [n, 8, 8, 64]
 * conv2d_3        Conv2D(32, 3x3, relu)      [n, 6, 6, 32]
 * max_pooling2d_2 MaxPooling2D(3x3)          [n, 2, 2, 32]
 * flatten_1       Flatten                    [n, 128]
 * dense_1         Dense(4096, relu)          [n, 4096]
 * dropout_1       Dropout(0.5)               [n, 4096]
 * dense_2         Dense(10, softmax)         [n, 10]
 * ```
 *
 * The shapes are those of the default 28x28x1 input; the model has 606,634 parameters. Layer
 * names follow Keras 2's numbering so that `layers[-3]` (`dense_1`) is the feature layer, as in
 * the tutorial. Kernels are Glorot-uniform and biases zero, as Keras initializes them; padding is
 * `valid` and pooling strides equal the pool size.
 *
 * @param options - Seed, input shape and number of classes.
 * @returns A `tf.Sequential` with input shape `[null, ...inputShape]` and output `[null, numClasses]`.
 * @throws RangeError when `inputShape` or `numClasses` is not made of positive integers, or the
 *   input is too small for the convolutions and pooling (the smallest square input is 19x19).
 */
export function createReferenceCnn(options: ReferenceCnnOptions = {}): Sequential {
  const { seed, inputShape = [28, 28, 1], numClasses = 10 } = options;

  validateOptions(inputShape, numClasses, seed);

  const nextSeed = seed === undefined ? undefined : createSeededIntegers(seed);
  const kernelInitializer = () => initializers.glorotUniform(nextSeed === undefined ? {} : { seed: nextSeed() });

  const model = sequential({ name: 'reference_cnn' });
  model.add(
    layers.conv2d({
      name: 'conv2d_1',
      inputShape,
      filters: 32,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: kernelInitializer(),
    }),
  );
  model.add(
    layers.conv2d({ name: 'conv2d_2', filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: kernelInitializer() }),
  );
  model.add(layers.maxPooling2d({ name: 'max_pooling2d_1', poolSize: 3 }));
  model.add(
    layers.conv2d({ name: 'conv2d_3', filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: kernelInitializer() }),
  );
  model.add(layers.maxPooling2d({ name: 'max_pooling2d_2', poolSize: 3 }));
  model.add(layers.flatten({ name: 'flatten_1' }));
  model.add(layers.dense({ name: 'dense_1', units: 4096, activation: 'relu', kernelInitializer: kernelInitializer() }));
  // NOTE: the dropout layer gets no seed on purpose. tfjs 4.22 reseeds its random generator on
  // every call when a seed is set, which would drop the same units at every training step.
  model.add(layers.dropout({ name: 'dropout_1', rate: 0.5 }));
  model.add(layers.dense({ name: 'dense_2', units: numClasses, activation: 'softmax', kernelInitializer: kernelInitializer() }));

  return model;
}

function validateOptions(inputShape: readonly number[], numClasses: number, seed: number | undefined): void {
  if (seed !== undefined && !Number.isFinite(seed)) {
    throw new RangeError(`createReferenceCnn: options.seed must be a finite number, received ${seed}.`);
  }

  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new RangeError(`createReferenceCnn: options.numClasses must be a positive integer, received ${numClasses}.`);
  }

  const valid =
    Array.isArray(inputShape) && inputShape.length === 3 && inputShape.every((size) => Number.isInteger(size) && size > 0);
  if (!valid) {
    throw new RangeError(
      `createReferenceCnn: options.inputShape must be [height, width, channels] of positive integers, received ${JSON.stringify(inputShape)}.`,
    );
  }

  // Two 3x3 convolutions, a 3x3 pooling, a 3x3 convolution and a 3x3 pooling must each leave at
  // least one row and column.
  for (const size of inputShape.slice(0, 2)) {
    const afterSecondPool = Math.floor((Math.floor((size - 4) / 3) - 2) / 3);
    if (afterSecondPool < 1) {
      throw new RangeError(
        `createReferenceCnn: options.inputShape [${inputShape.join(', ')}] is too small for the convolutions and ` +
          'pooling; height and width must be at least 19.',
      );
    }
  }
}
