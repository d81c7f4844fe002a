import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Dataset, File as H5File, Group } from 'h5wasm';

import { KerasImportError } from './errors.js';

export type { Dataset, H5File, Group };

type H5Module = typeof import('h5wasm/node');

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

let h5wasmPromise: Promise<H5Module['default']> | undefined;

/**
 * Loads h5wasm's Node build on first use, so importing this package starts no WebAssembly.
 *
 * NOTE: this switches h5wasm's process-wide HDF5 error handler to throw instead of printing
 * the HDF5 error stack to stderr. Other h5wasm users in the same process see the same change.
 */
async function loadH5wasm(): Promise<H5Module['default']> {
  h5wasmPromise ??= import('h5wasm/node').then(async ({ default: h5wasm }) => {
    const module = await h5wasm.ready;
    module.activate_throwing_error_handler();
    return h5wasm;
  });

  return h5wasmPromise;
}

/**
 * Opens an HDF5 file read-only, runs `read` on it and closes it.
 *
 * Bytes are written to a temporary file first because h5wasm's Node build reads the host
 * file system directly. The temporary file is removed afterwards.
 *
 * @throws KerasImportError when the file is missing or is not HDF5.
 */
export async function withHdf5File<T>(
  source: Uint8Array | string,
  operation: string,
  read: (file: H5File, label: string) => T | Promise<T>,
): Promise<T> {
  if (typeof source !== 'string') {
    const folder = await mkdtemp(join(tmpdir(), 'keras-import-'));
    try {
      const path = join(folder, 'weights.h5');
      await writeFile(path, source);
      return await openAndRead(path, 'the HDF5 bytes', operation, read);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  return openAndRead(source, source, operation, read);
}

async function openAndRead<T>(
  path: string,
  label: string,
  operation: string,
  read: (file: H5File, label: string) => T | Promise<T>,
): Promise<T> {
  await checkSignature(path, label, operation);
  const h5wasm = await loadH5wasm();

  let file: H5File;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (error) {
    throw new KerasImportError(`${operation}: HDF5 could not open ${label}: ${firstLine(error)}`, {
      file: label,
      cause: error,
    });
  }

  try {
    return await read(file, label);
  } finally {
    file.close();
  }
}

async function checkSignature(path: string, label: string, operation: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new KerasImportError(`${operation}: cannot read ${label}: ${(error as Error).message}`, {
      file: label,
      cause: error,
    });
  }

  try {
    const head = new Uint8Array(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    const isHdf5 = bytesRead === 8 && HDF5_SIGNATURE.every((byte, i) => head[i] === byte);
    // NOTE: HDF5 also allows the signature at offset 512, 1024, ... after a user block;
    // Keras never writes one, so such files are rejected here.
    if (!isHdf5) {
      throw new KerasImportError(
        `${operation}: ${label} is not an HDF5 file (no HDF5 signature in its first 8 bytes). ` +
          `Pass a file written by Keras save_weights or model.save with the .h5 format.`,
        { file: label },
      );
    }
  } finally {
    await handle.close();
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0] ?? '';
}

/**
 * Reads a list of strings stored as an attribute, as Keras's `load_attributes_from_hdf5_group`
 * does: either one attribute `name` or, for lists over 64 KiB, chunks `name0`, `name1`, ...
 * Returns `undefined` when the attribute is absent. An empty list is stored as an empty
 * float64 array by h5py, which reads back as `[]`.
 */
export function readStringListAttribute(group: Group, name: string): string[] | undefined {
  const attrs = group.attrs;
  if (name in attrs) {
    return toStringList(attrs[name]?.value);
  }

  if (!(`${name}0` in attrs)) {
    return undefined;
  }

  const values: string[] = [];
  for (let chunk = 0; `${name}${chunk}` in attrs; chunk += 1) {
    values.push(...toStringList(attrs[`${name}${chunk}`]?.value));
  }

  return values;
}

function toStringList(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }

  if (Array.isArray(value)) {
    return value.map((item) => String(item));
  }

  return [];
}

/** Reads a scalar string attribute, or `undefined` when it is absent. */
export function readStringAttribute(group: Group, name: string): string | undefined {
  const value = group.attrs[name]?.value;
  return typeof value === 'string' ? value : undefined;
}
