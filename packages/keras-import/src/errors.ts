/**
 * Error thrown when a Keras topology or weights file cannot be imported.
 *
 * The structured fields let callers report the failure without parsing the message.
 * Each field is `undefined` where it does not apply (a JSON syntax error has no weight).
 */
export class KerasImportError extends Error {
  /** Name of the layer involved, as written in the Keras file. */
  readonly layer: string | undefined;

  /** Name of the weight involved, such as `dense_1/kernel:0` or `kernel`. */
  readonly weight: string | undefined;

  /** Shape the TensorFlow.js model expects for the weight. */
  readonly expectedShape: number[] | undefined;

  /** Shape found in the file, or `null` when the file has no such weight. */
  readonly foundShape: number[] | null | undefined;

  /** Path of the file being read, when the input was a path. */
  readonly file: string | undefined;

  constructor(
    message: string,
    fields: {
      layer?: string;
      weight?: string;
      expectedShape?: number[];
      foundShape?: number[] | null;
      file?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'KerasImportError';
    this.layer = fields.layer;
    this.weight = fields.weight;
    this.expectedShape = fields.expectedShape;
    this.foundShape = fields.foundShape;
    this.file = fields.file;
  }
}

/** Formats a shape for messages, such as `[3,3,2,4]`, or `none` when there is no shape. */
export function formatShape(shape: readonly (number | null)[] | null | undefined): string {
  return shape == null ? 'none' : `[${shape.join(',')}]`;
}
