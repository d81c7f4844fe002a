import type { Problem } from './types.js';

/**
 * Checks a metadata TSV file against the tensor's row count, following the projector's
 * parser: lines split at LF, blank lines skipped, and a header line present exactly when the
 * first non-blank line contains a tab.
 *
 * Reports a byte order mark, CRLF line endings (the `\r` stays in the last column), blank
 * lines between rows, rows with a different number of values than the header, duplicate
 * column names, and a row count that differs from `rows`.
 */
export function checkMetadataText(text: string, rows: number, file: string): Problem[] {
  const problems: Problem[] = [];
  const report = (severity: Problem['severity'], message: string): void => {
    problems.push({ severity, file, message });
  };

  if (text.startsWith('\uFEFF')) {
    report(
      'warning',
      'The file starts with a byte order mark, which becomes part of the first label or column name. ' +
        'Save it as UTF-8 without BOM.',
    );
  }
  const firstCr = text.indexOf('\r');
  if (firstCr >= 0) {
    report(
      'warning',
      `The file uses CRLF line endings (first at line ${text.slice(0, firstCr).split('\n').length}). The projector ` +
        `splits lines at LF only, so every value in the last column ends with \\r. Convert the file to LF.`,
    );
  }

  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  const contentLines = lines.map((line, index) => ({ line, number: index + 1 })).filter(({ line }) => line.trim() !== '');
  const lastContent = contentLines.at(-1)?.number ?? 0;
  const innerBlank = lines.flatMap((line, index) => (line.trim() === '' && index + 1 < lastContent ? [index + 1] : []));
  if (innerBlank.length > 0) {
    report(
      'warning',
      `Line ${innerBlank[0]} is blank${innerBlank.length > 1 ? ` (and ${innerBlank.length - 1} more)` : ''}. ` +
        `The projector skips blank lines, so if it stands for a point, every later label moves up one row. ` +
        `Write a visible placeholder such as <empty> instead.`,
    );
  }

  const header = contentLines[0]?.line.includes('\t') ? contentLines[0].line.replace(/\r$/, '').split('\t') : null;
  const dataLines = header === null ? contentLines : contentLines.slice(1);
  if (header !== null) {
    checkColumns(header, dataLines, report);
  }

  if (dataLines.length !== rows) {
    report('error', describeRowCountMismatch(dataLines.length, rows, header, innerBlank.length));
  }
  return problems;
}

function checkColumns(
  header: string[],
  dataLines: Array<{ line: string; number: number }>,
  report: (severity: Problem['severity'], message: string) => void,
): void {
  const duplicates = header.filter((name, index) => header.indexOf(name) !== index);
  if (duplicates.length > 0) {
    report(
      'warning',
      `The header names column ${JSON.stringify(duplicates[0])} twice. The projector keeps values by column ` +
        `name, so only the last of them is used.`,
    );
  }

  const uneven = dataLines.find(({ line }) => line.replace(/\r$/, '').split('\t').length !== header.length);
  if (uneven !== undefined) {
    const count = uneven.line.replace(/\r$/, '').split('\t').length;
    report(
      'warning',
      `Line ${uneven.number} has ${count} values, but the header has ${header.length} columns. Missing values ` +
        `are read as empty and extra ones are dropped. Check for a tab inside a value (escape it as \\t).`,
    );
  }
}

function describeRowCountMismatch(found: number, rows: number, header: string[] | null, blankLines: number): string {
  const counted =
    header === null
      ? `${found} lines (no header line, because the first line has no tab)`
      : `${found} rows after the header line`;
  let hint = 'Write one line per tensor row, in tensor order.';
  if (header === null && found === rows + 1) {
    hint = 'The first line looks like a header, but a single-column file must not have one: remove it.';
  } else if (header !== null && found === rows - 1) {
    hint =
      'The first line contains a tab, so the projector reads it as column names. ' +
      'If it is a data row, add a header line with the column names.';
  } else if (blankLines > 0) {
    hint = `The projector skipped ${blankLines} blank line(s): write a placeholder for empty labels.`;
  }
  return `The file has ${counted}, but the tensor has ${rows} rows. ${hint}`;
}
