/**
 * Error thrown when an input file has invalid content.
 *
 * The structured fields locate the problem. Each is `undefined` where it does not apply.
 */
export class DataImportError extends Error {
  /** Path of the file, or `undefined` when the input was bytes or text. */
  readonly file: string | undefined;

  /** 1-based line number in a text file. */
  readonly line: number | undefined;

  /** 1-based column (field) number on that line. */
  readonly column: number | undefined;

  constructor(message: string, fields: { file?: string; line?: number; column?: number; cause?: unknown } = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'DataImportError';
    this.file = fields.file;
    this.line = fields.line;
    this.column = fields.column;
  }
}
