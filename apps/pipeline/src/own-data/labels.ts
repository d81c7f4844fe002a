import type { MetadataTable } from '@projector-kit/data-import';

import { UsageError } from '../options.js';

/** The metadata column that colours plots and the projector, with a category index per row. */
export interface Labels {
  /** Column name as the projector shows it: a one-column file's column is called `label`. */
  column: string;
  /** The label of each row. */
  values: string[];
  /** Category index of each row (equal labels, equal index), for the 10-NN label agreement. */
  codes: Uint8Array | Int32Array;
  /** Number of distinct labels. */
  classes: number;
}

/**
 * Picks the colouring column of a metadata table: `labelColumn`, or the first column.
 *
 * @throws UsageError when `labelColumn` is not a column of the table, listing the columns.
 */
export function labelsFromTable(table: MetadataTable, labelColumn: string | undefined): Labels {
  const index = labelColumn === undefined ? 0 : table.columns.indexOf(labelColumn);
  if (index < 0) {
    throw new UsageError(
      `Invalid --label-column "${labelColumn}": the metadata has no such column. Columns: ${table.columns.join(', ')}.`,
    );
  }

  const values = table.rows.map((row) => row[index]!);
  const column = table.columns.length === 1 ? 'label' : table.columns[index]!;
  return { column, values, ...categoryCodes(values) };
}

/** Labels for a tensor without metadata: one category, so plots use one colour. */
export function unlabelled(rows: number): Labels {
  return { column: '', values: [], codes: new Uint8Array(rows), classes: 0 };
}

function categoryCodes(values: readonly string[]): { codes: Uint8Array | Int32Array; classes: number } {
  const indexOf = new Map<string, number>();
  const codes = new Int32Array(values.length);
  values.forEach((value, row) => {
    let code = indexOf.get(value);
    if (code === undefined) {
      code = indexOf.size;
      indexOf.set(value, code);
    }
    codes[row] = code;
  });

  if (indexOf.size <= 256) {
    return { codes: Uint8Array.from(codes), classes: indexOf.size };
  }
  return { codes, classes: indexOf.size };
}
