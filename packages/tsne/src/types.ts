/** A row-major float32 matrix: `shape` is `[rows, columns]`. */
export interface Matrix {
  /** Values, row after row: `data[row * columns + column]`. */
  data: Float32Array;
  /** `[rows, columns]`. */
  shape: readonly number[];
}

/** A row-major float32 matrix whose shape is known to be `[rows, columns]`. */
export interface Matrix2D {
  /** Values, row after row: `data[row * columns + column]`. */
  data: Float32Array;
  /** `[rows, columns]`. */
  shape: [number, number];
}
