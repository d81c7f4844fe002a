import type { Metadata, MetadataValue } from './types.js';

/** Placeholder written for a row whose values are all empty or whitespace. */
export const EMPTY_METADATA_VALUE = '<empty>';

/** Options of {@link formatMetadataTsv}. */
export interface MetadataTsvOptions {
  /**
   * Value written in place of every value of a row that would otherwise be a blank line.
   * @default '<empty>'
   */
  emptyValue?: string;
  /** Prefix of error messages, naming the caller and the embedding. */
  context?: string;
}

/** A metadata file's text and what it contains. */
export interface MetadataTsv {
  /** The file contents: LF line endings, a final LF. */
  text: string;
  /** Number of data lines (the header line is not counted). */
  rows: number;
  /** Column names. A single column is called `label`, the projector's name for it. */
  columns: string[];
  hasHeader: boolean;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Escapes a value for a metadata TSV cell: a backslash becomes `\\`, and a tab, newline or
 * carriage return becomes the two characters `\t`, `\n` or `\r`, so a value never splits a
 * row or a line. Other characters, any Unicode included, are kept.
 *
 * NOTE: the projector has no unescaping, so it shows `\n` as two characters.
 */
export function escapeTsvValue(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (character) => ESCAPES[character]!);
}

/**
 * Formats metadata as the Embedding Projector's metadata TSV.
 *
 * - One column: one line per row and no header line, because the projector treats a first
 *   line as a header only when it contains a tab. A column name given for it is dropped.
 * - Two or more columns: the first line contains the column names.
 * - Values are escaped with {@link escapeTsvValue}; numbers are written with `String()`.
 * - The projector skips blank lines, which would shift every later label up by one row,
 *   so a row whose values are all empty or whitespace is written with `emptyValue` in
 *   every column. In a row with other values, an empty value stays empty and the
 *   projector reads it as missing.
 *
 * @param metadata - One value per row (an array or a typed array), or `{ columns, rows }`
 *   with one array per row.
 * @returns The text with LF line endings and a final LF, and the row and column counts.
 * @throws TypeError for a malformed `metadata`. RangeError for a row with the wrong number
 *   of values, an empty or duplicate column name, or an `emptyValue` that is blank or
 *   contains a tab or line break.
 */
export function formatMetadataTsv(metadata: Metadata, options: MetadataTsvOptions = {}): MetadataTsv {
  const { emptyValue = EMPTY_METADATA_VALUE, context = 'formatMetadataTsv' } = options;
  checkEmptyValue(context, emptyValue);
  const { columns, rows } = normaliseMetadata(context, metadata);

  const hasHeader = columns.length > 1;
  const lines: string[] = hasHeader ? [columns.map(escapeTsvValue).join('\t')] : [];
  rows.forEach((row, index) => {
    if (row.length !== columns.length) {
      throw new RangeError(
        `${context}: metadata row ${index} has ${row.length} values, but there are ${columns.length} columns ` +
          `(${columns.join(', ')}). Give every row one value per column.`,
      );
    }
    const values = row.map((value) => escapeTsvValue(String(value)));
    const isBlank = values.every((value) => value.trim() === '');
    lines.push(isBlank ? values.map(() => emptyValue).join('\t') : values.join('\t'));
  });

  return {
    text: lines.length === 0 ? '' : `${lines.join('\n')}\n`,
    rows: rows.length,
    columns: hasHeader ? [...columns] : ['label'],
    hasHeader,
  };
}

function checkEmptyValue(context: string, emptyValue: string): void {
  if (typeof emptyValue !== 'string' || emptyValue.trim() === '' || /[\t\n\r]/.test(emptyValue)) {
    throw new RangeError(
      `${context}: emptyValue must be a visible string without tabs or line breaks, ` + `received ${JSON.stringify(emptyValue)}.`,
    );
  }
}

function isLabelList(metadata: Metadata): metadata is readonly MetadataValue[] | ArrayLike<number> {
  return Array.isArray(metadata) || ArrayBuffer.isView(metadata);
}

function normaliseMetadata(
  context: string,
  metadata: Metadata,
): { columns: readonly string[]; rows: readonly (readonly MetadataValue[])[] } {
  if (isLabelList(metadata)) {
    return { columns: ['label'], rows: Array.from(metadata, (value) => [value]) };
  }
  const isTable =
    metadata !== null &&
    typeof metadata === 'object' &&
    'columns' in metadata &&
    Array.isArray(metadata.columns) &&
    Array.isArray(metadata.rows);
  if (!isTable) {
    throw new TypeError(
      `${context}: metadata must be an array of labels or { columns: string[], rows: string[][] }, ` +
        `received ${metadata === null ? 'null' : typeof metadata}.`,
    );
  }

  const { columns, rows } = metadata;
  if (columns.length === 0) {
    throw new RangeError(`${context}: metadata.columns is empty. Give at least one column name.`);
  }
  const seen = new Set<string>();
  for (const name of columns) {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new RangeError(`${context}: metadata column names must be non-empty strings, received ${JSON.stringify(name)}.`);
    }
    if (seen.has(name)) {
      throw new RangeError(
        `${context}: metadata column ${JSON.stringify(name)} appears twice. The projector keeps values by ` +
          `column name, so rename one of them.`,
      );
    }
    seen.add(name);
  }
  rows.forEach((row, index) => {
    if (!Array.isArray(row)) {
      throw new TypeError(`${context}: metadata row ${index} must be an array of values, received ${typeof row}.`);
    }
  });

  return { columns, rows };
}
