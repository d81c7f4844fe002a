import { extname } from 'node:path';

import { parseCsv, type TextRecord } from './csv.js';
import { DataImportError } from './errors.js';
import { readSourceText } from './source.js';

/** A metadata table: column names from the header line, then one row per data line. */
export interface MetadataTable {
  columns: string[];
  rows: string[][];
}

/** Options of {@link readMetadataTable}. */
export interface ReadMetadataTableOptions {
  /**
   * `tsv`: tab-separated, no quoting. `csv`: comma-separated per RFC 4180. `auto`: `csv` for
   * a path ending in `.csv` and `tsv` for other paths. For text, `auto` picks `tsv` when the
   * first line has a tab, `csv` when it has a comma, and `tsv` otherwise.
   * @default 'auto'
   */
  format?: 'tsv' | 'csv' | 'auto';
}

/**
 * Reads a metadata table whose first line contains the column names.
 *
 * Accepts LF and CRLF line ends and a leading UTF-8 byte order mark. In TSV, values cannot
 * contain tabs or line breaks (the Embedding Projector's metadata format has no quoting). In
 * CSV, quoted fields may contain commas, quotes (`""`) and line breaks.
 *
 * @param source - The text itself when it contains a tab or a line break, else a path.
 * @param options - See {@link ReadMetadataTableOptions}.
 * @returns The column names and the rows, each with one string per column.
 * @throws DataImportError when the header line is missing or a row has a different number of
 *   fields than the header (the message gives the line number), or on invalid CSV quoting.
 */
export function readMetadataTable(source: string, options: ReadMetadataTableOptions = {}): MetadataTable {
  const { format = 'auto' } = options;
  const operation = 'readMetadataTable';
  if (!['tsv', 'csv', 'auto'].includes(format)) {
    throw new RangeError(`${operation}: format must be 'tsv', 'csv' or 'auto'; received ${JSON.stringify(format)}.`);
  }

  const { text, label, file } = readSourceText(source, operation);
  const resolved = format === 'auto' ? detectFormat(text, file) : format;
  const records = resolved === 'csv' ? parseCsv(text, label, file) : parseTsv(text);

  const header = records[0];
  if (header === undefined || (header.fields.length === 1 && header.fields[0] === '')) {
    throw new DataImportError(`${operation}: ${label} has no header line. The first line must contain the column names.`, {
      file,
      line: 1,
    });
  }

  const columns = header.fields;
  const rows = records.slice(1).map((record) => {
    if (record.fields.length !== columns.length) {
      throw new DataImportError(
        `${operation}: line ${record.line} of ${label} has ${record.fields.length} fields, but ` +
          `the header has ${columns.length} (${columns.join(', ')}).`,
        { file, line: record.line },
      );
    }
    return record.fields;
  });

  return { columns, rows };
}

function detectFormat(text: string, file: string | undefined): 'tsv' | 'csv' {
  if (file !== undefined) {
    return extname(file).toLowerCase() === '.csv' ? 'csv' : 'tsv';
  }

  const firstLine = text.split('\n', 1)[0] ?? '';
  return !firstLine.includes('\t') && firstLine.includes(',') ? 'csv' : 'tsv';
}

function parseTsv(text: string): TextRecord[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') {
    lines.pop();
  }

  return lines.map((line, index) => ({
    fields: line.replace(/\r$/, '').split('\t'),
    line: index + 1,
  }));
}
