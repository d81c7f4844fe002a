/** Fields of an {@link IdxError}, in the order the message states them. */
export interface IdxErrorDetails {
  /** The file path or source name passed to the parser, or `'<buffer>'` when none was given. */
  file: string;
  /** Byte offset of the invalid field. For gzip input it counts bytes of the inflated data. */
  offset: number;
  /** The IDX field that failed: `'magic'`, `'type'`, `'dimensions'`, `'dimension 2'`, `'data'`, `'gzip'`, `'label 17'`, ... */
  field: string;
  /** Value or rule that the field must satisfy. */
  expected: string | number;
  /** Value found in the file at that field. */
  found: string | number;
  /** Short description of the failure that starts the message, such as `'truncated data'`. */
  problem: string;
  /** The next step for the caller, one or two sentences. */
  hint: string;
  /** Whether the file was gzip-compressed, so that `offset` counts inflated bytes. */
  inflated?: boolean;
  /** The underlying error, such as the zlib error for corrupt gzip input. */
  cause?: unknown;
}

/**
 * Error thrown for an invalid IDX file or MNIST split, with the location and the values as fields.
 *
 * The message states every field, for example
 * `train-images-idx3-ubyte: truncated data at byte 16: expected 47040000 bytes of uint8 for
 * shape [60000, 28, 28], found 1000. Re-download or check the file is complete.`
 */
export class IdxError extends Error {
  override readonly name = 'IdxError';
  readonly file: string;
  readonly offset: number;
  readonly field: string;
  readonly expected: string | number;
  readonly found: string | number;
  readonly inflated: boolean;

  constructor(details: IdxErrorDetails) {
    const { file, offset, expected, found, problem, hint, inflated = false, cause } = details;
    const where = inflated ? `at byte ${offset} of the inflated data` : `at byte ${offset}`;
    super(`${file}: ${problem} ${where}: expected ${expected}, found ${found}. ${hint}`, { cause });
    this.file = file;
    this.offset = offset;
    this.field = details.field;
    this.expected = expected;
    this.found = found;
    this.inflated = inflated;
  }
}
