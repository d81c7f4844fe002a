import { DataImportError } from './errors.js';

/** A record of a delimited text file with the 1-based line where it starts. */
export interface TextRecord {
  fields: string[];
  line: number;
}

/**
 * Splits CSV text into records as RFC 4180 defines them: fields separated by commas, records
 * by CRLF (LF alone is accepted too), and fields in double quotes may contain commas, line
 * breaks and quotes written twice (`""`). One final line break is optional.
 *
 * @throws DataImportError for a quote inside an unquoted field, text after a closing quote,
 *   or a quoted field that is never closed, with the line and column where it happens.
 */
export function parseCsv(text: string, label: string, file: string | undefined): TextRecord[] {
  const records: TextRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let atFieldStart = true;
  let line = 1;
  let lineStart = 0;
  let recordLine = 1;
  let i = 0;

  const fail = (rule: string, index: number, atLine: number, atLineStart: number): DataImportError =>
    new DataImportError(`readMetadataTable: line ${atLine}, character ${index - atLineStart + 1} of ${label}: ${rule}`, {
      file,
      line: atLine,
      column: fields.length + 1,
    });

  const endField = (): void => {
    fields.push(field);
    field = '';
    quoted = false;
    atFieldStart = true;
  };

  while (i < text.length) {
    const char = text[i] as string;
    let lineBreak = 0;
    if (char === '\n') {
      lineBreak = 1;
    } else if (char === '\r' && text[i + 1] === '\n') {
      lineBreak = 2;
    }

    if (char === '"' && atFieldStart) {
      const [openLine, openLineStart, open] = [line, lineStart, i];
      i += 1;
      for (;;) {
        if (i >= text.length) {
          throw fail('the quoted field starting here is never closed. Add the closing quote.', open, openLine, openLineStart);
        }

        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else {
          if (text[i] === '\n') {
            line += 1;
            lineStart = i + 1;
          }
          field += text[i];
          i += 1;
        }
      }

      quoted = true;
      atFieldStart = false;
      const next = text[i];
      const endsField = next === undefined || next === ',' || next === '\n' || (next === '\r' && text[i + 1] === '\n');
      if (!endsField) {
        throw fail(
          'text follows the closing quote of a field. Quote the whole field and write each inner quote as "".',
          i,
          line,
          lineStart,
        );
      }
    } else if (char === '"') {
      throw fail(
        'a quote appears inside an unquoted field. Quote the whole field and write each inner quote as "".',
        i,
        line,
        lineStart,
      );
    } else if (char === ',') {
      endField();
      i += 1;
    } else if (lineBreak > 0) {
      endField();
      records.push({ fields, line: recordLine });
      fields = [];
      i += lineBreak;
      line += 1;
      lineStart = i;
      recordLine = line;
    } else {
      field += char;
      atFieldStart = false;
      i += 1;
    }
  }

  if (fields.length > 0 || field !== '' || quoted) {
    endField();
    records.push({ fields, line: recordLine });
  }

  return records;
}
