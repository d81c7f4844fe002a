import { DataImportError } from './errors.js';
import type { Tensor } from './npy.js';
import { readSourceText } from './source.js';

const SPECIAL_VALUES: Record<string, number> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
};

/**
 * Reads a tensor written as text: one row per line, values separated by tabs. This is the
 * Embedding Projector's TSV tensor format, as `np.savetxt(path, a, delimiter='\t')` writes it.
 *
 * Accepts LF and CRLF line ends and one final line end. Values are parsed as decimal or
 * exponent numbers; `nan`, `inf` and `-inf` (any case) are accepted as NumPy writes them.
 *
 * @param source - The text itself when it contains a tab or a line break, else a path.
 * @returns The values as float32 and the shape `[rows, columns]`.
 * @throws DataImportError with the line and column of the first empty line, value that is
 *   not a number, or row whose column count differs from the first row's.
 */
export function readTsvTensor(source: string): Tensor {
  const operation = 'readTsvTensor';
  const { text, label, file } = readSourceText(source, operation);

  const lines = text.split('\n');
  if (lines.at(-1) === '') {
    lines.pop();
  }

  if (lines.length === 0) {
    throw new DataImportError(`${operation}: ${label} has no rows.`, { file });
  }

  const columns = lines[0]!.replace(/\r$/, '').split('\t').length;
  const data = new Float32Array(lines.length * columns);
  lines.forEach((rawLine, row) => {
    const line = rawLine.replace(/\r$/, '');
    const where = { file, line: row + 1 };
    if (line.trim() === '') {
      throw new DataImportError(
        `${operation}: line ${row + 1} of ${label} is empty; every line must hold a row of ` +
          `${columns} values. Remove blank lines.`,
        where,
      );
    }

    const fields = line.split('\t');
    if (fields.length !== columns) {
      throw new DataImportError(
        `${operation}: line ${row + 1} of ${label} has ${fields.length} values, but line 1 ` +
          `has ${columns}. Every row needs the same number of tab-separated values.`,
        where,
      );
    }

    fields.forEach((field, column) => {
      data[row * columns + column] = parseNumber(field, operation, label, { ...where, column: column + 1 });
    });
  });

  return { data, shape: [lines.length, columns] };
}

function parseNumber(
  field: string,
  operation: string,
  label: string,
  where: { file: string | undefined; line: number; column: number },
): number {
  const token = field.trim();
  const special = SPECIAL_VALUES[token.toLowerCase()];
  if (special !== undefined) {
    return special;
  }

  const value = Number(token);
  if (token === '' || Number.isNaN(value) || /^[+-]?0[xbo]/i.test(token)) {
    throw new DataImportError(
      `${operation}: line ${where.line}, column ${where.column} of ${label} is ` +
        `${JSON.stringify(field)}, which is not a number.`,
      where,
    );
  }

  return value;
}
