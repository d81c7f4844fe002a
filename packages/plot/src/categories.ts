/** The categories of a labelled point set. */
export interface Categories {
  /** Category names in legend order. */
  names: string[];
  /** Index into `names` of each point's category, one entry per point. */
  codes: Uint32Array;
  /** Number of points in each category, in the order of `names`. */
  counts: number[];
}

/**
 * Groups per-point labels into categories. Numeric labels are sorted by value and named with
 * `String(value)`. String labels are sorted by value when all of them are decimal numbers.
 * Other strings are sorted in natural order (`class2` before `class10`): runs of digits
 * compare as numbers and the rest by UTF-16 code units, so the order never depends on the
 * locale.
 *
 * @param labels - One label per point: numbers (any array-like, such as an `Int32Array`) or
 *   strings (an array).
 * @param count - The number of points.
 * @throws RangeError when the label count differs from `count`, or a numeric label is NaN or
 *   infinite.
 * @throws TypeError when an array mixes strings with other values.
 */
export function groupCategories(operation: string, labels: ArrayLike<number> | readonly string[], count: number): Categories {
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new TypeError(
      `${operation}: labels must be an array of strings or an array-like of numbers, received ${labels === null ? 'null' : typeof labels}.`,
    );
  }
  if (labels.length !== count) {
    throw new RangeError(
      `${operation}: labels has ${labels.length} entries but points has ${count} rows. Pass one label per point.`,
    );
  }

  const { keys, isStrings } = labelKeys(operation, labels);
  const distinct = [...new Set(keys)];
  const numeric = !isStrings || distinct.every((key) => /^-?\d+(\.\d+)?$/.test(key));
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : compareNatural);

  const indexOf = new Map(distinct.map((name, index) => [name, index]));
  const codes = new Uint32Array(count);
  const counts = new Array<number>(distinct.length).fill(0);
  for (let i = 0; i < count; i++) {
    const code = indexOf.get(keys[i])!;
    codes[i] = code;
    counts[code]++;
  }
  return { names: distinct, codes, counts };
}

/** Returns every label as the string that names its category, and whether the labels were strings. */
function labelKeys(operation: string, labels: ArrayLike<number> | readonly string[]): { keys: string[]; isStrings: boolean } {
  const keys = new Array<string>(labels.length);
  const isStrings = labels.length > 0 && typeof labels[0] === 'string';
  for (let i = 0; i < labels.length; i++) {
    const label: unknown = labels[i];
    if (isStrings !== (typeof label === 'string') || (!isStrings && typeof label !== 'number')) {
      throw new TypeError(
        `${operation}: labels must be all strings or all numbers, but labels[0] is ${typeof labels[0]} ` +
          `and labels[${i}] is ${typeof label} (${String(label)}).`,
      );
    }
    if (typeof label === 'number' && !Number.isFinite(label)) {
      throw new RangeError(`${operation}: labels[${i}] is ${label}. Numeric labels must be finite.`);
    }
    keys[i] = String(label);
  }
  return { keys, isStrings };
}

/** Compares two strings run by run: digit runs by numeric value, other runs by code units. */
function compareNatural(a: string, b: string): number {
  const runsA = a.match(/\d+|\D+/g) ?? [];
  const runsB = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(runsA.length, runsB.length); i++) {
    const runA = runsA[i];
    const runB = runsB[i];
    if (runA === runB) {
      continue;
    }
    const difference = Number(runA) - Number(runB);
    if (/^\d/.test(runA) && /^\d/.test(runB) && difference !== 0) {
      return difference;
    }
    return runA < runB ? -1 : 1;
  }
  return runsA.length - runsB.length;
}
