import { readFileSync } from 'node:fs';

import { DataImportError } from './errors.js';

/** Bytes of an input given as bytes or as a path, with the label used in messages. */
export interface SourceBytes {
  bytes: Uint8Array;
  label: string;
  file: string | undefined;
}

/** Reads a file, or wraps bytes passed in directly. */
export function readSourceBytes(source: Uint8Array | string, operation: string): SourceBytes {
  if (typeof source !== 'string') {
    if (!(source instanceof Uint8Array)) {
      throw new TypeError(`${operation}: expected a Uint8Array or a path string; received ${typeof source}.`);
    }
    return { bytes: source, label: 'the bytes passed in', file: undefined };
  }

  return { bytes: readFileOrThrow(source, operation), label: source, file: source };
}

/**
 * Treats `source` as text when it contains a line break or a tab, and as a path otherwise.
 * Returns the text, with a leading UTF-8 byte order mark removed.
 */
export function readSourceText(source: string, operation: string): { text: string; label: string; file: string | undefined } {
  if (typeof source !== 'string') {
    throw new TypeError(`${operation}: expected text or a path string; received ${typeof source}.`);
  }

  const isText = /[\n\r\t]/.test(source);
  const text = isText ? source : new TextDecoder().decode(readFileOrThrow(source, operation));
  const label = isText ? 'the text passed in' : source;
  return { text: text.replace(/^\uFEFF/, ''), label, file: isText ? undefined : source };
}

function readFileOrThrow(path: string, operation: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new DataImportError(`${operation}: cannot read ${path}: ${(error as Error).message}`, {
      file: path,
      cause: error,
    });
  }
}
