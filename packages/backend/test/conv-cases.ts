import { formatPad, randomInteger, seededRandom } from './helpers.js';

/** Padding attribute of a tfjs convolution: a mode, a number, or explicit NHWC pads. */
export type ConvPad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

/** One 2-D convolution: input and filter shapes (NHWC, HWIO), strides, padding and rounding. */
export interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: ConvPad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  /** Set where the cpu backend's Conv2DBackpropFilter would take seconds: a float64 loop is the reference instead. */
  filterReference?: 'float64';
}

/** Returns the case as a test-title fragment, e.g. `x=[2,9,9,3] f=[3,3,3,4] s=2 same`. */
export function describeConvCase({ x, filter, strides, pad, dimRoundingMode }: ConvCase): string {
  const stride = strides[0] === strides[1] ? `${strides[0]}` : `[${strides}]`;
  const rounding = dimRoundingMode === undefined ? '' : ` ${dimRoundingMode}`;
  return `x=[${x}] f=[${filter}] s=${stride} ${formatPad(pad)}${rounding}`;
}

/** Cases chosen by hand: the reference CNN's layers (batch 2), odd sizes, strides above the filter size, explicit pads, an empty batch and large batches. */
const handPickedCases: ConvCase[] = [
  { x: [2, 28, 28, 1], filter: [3, 3, 1, 8], strides: [1, 1], pad: 'valid' },
  { x: [2, 26, 26, 8], filter: [3, 3, 8, 16], strides: [1, 1], pad: 'valid' },
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'same' },
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'valid' },
  { x: [3, 10, 7, 2], filter: [2, 3, 2, 5], strides: [2, 3], pad: 'valid' },
  { x: [1, 11, 11, 3], filter: [3, 3, 3, 4], strides: [3, 3], pad: 'same' },
  { x: [2, 8, 8, 2], filter: [2, 2, 2, 3], strides: [4, 4], pad: 'valid' },
  {
    x: [1, 8, 8, 2],
    filter: [3, 3, 2, 2],
    strides: [1, 1],
    pad: [
      [0, 0],
      [4, 1],
      [0, 2],
      [0, 0],
    ],
  },
  {
    x: [2, 7, 9, 3],
    filter: [3, 2, 3, 2],
    strides: [2, 1],
    pad: [
      [0, 0],
      [1, 3],
      [2, 0],
      [0, 0],
    ],
  },
  { x: [2, 9, 9, 2], filter: [3, 3, 2, 3], strides: [2, 2], pad: 1, dimRoundingMode: 'floor' },
  { x: [2, 8, 8, 2], filter: [3, 3, 2, 3], strides: [3, 3], pad: 2, dimRoundingMode: 'ceil' },
  { x: [1, 6, 6, 1], filter: [1, 1, 1, 1], strides: [1, 1], pad: 'same' },
  { x: [5, 5, 5, 1], filter: [5, 5, 1, 2], strides: [1, 1], pad: 'valid' },
  { x: [0, 5, 5, 2], filter: [3, 3, 2, 4], strides: [1, 1], pad: 'valid' },
  // Large enough for Conv2DBackpropFilter to split the batch: 2 groups of 6, groups of 7 and 6
  // with the last input rows unread, and groups of 6, 6 and 4 (8 is avoided).
  { x: [12, 26, 26, 8], filter: [3, 3, 8, 64], strides: [1, 1], pad: 'valid', filterReference: 'float64' },
  { x: [13, 50, 50, 8], filter: [3, 3, 8, 64], strides: [2, 2], pad: 'valid', filterReference: 'float64' },
  { x: [16, 21, 21, 3], filter: [5, 5, 3, 64], strides: [1, 1], pad: 'same', filterReference: 'float64' },
];

/** Returns `count` seeded random cases: batch 1-4, sizes 4-13, channels 1-6, filters 1-4, strides 1-3. */
function randomCases(seed: number, count: number): ConvCase[] {
  const random = seededRandom(seed);
  const pads: Array<'valid' | 'same'> = ['valid', 'same'];
  const cases: ConvCase[] = [];
  while (cases.length < count) {
    const filterHeight = randomInteger(random, 1, 4);
    const filterWidth = randomInteger(random, 1, 4);
    const x: ConvCase['x'] = [
      randomInteger(random, 1, 4),
      randomInteger(random, filterHeight, 13),
      randomInteger(random, filterWidth, 13),
      randomInteger(random, 1, 6),
    ];
    cases.push({
      x,
      filter: [filterHeight, filterWidth, x[3], randomInteger(random, 1, 6)],
      strides: [randomInteger(random, 1, 3), randomInteger(random, 1, 3)],
      pad: pads[randomInteger(random, 0, 1)],
    });
  }
  return cases;
}

/** All convolution cases that the backprop kernel tests run. */
export const convCases: ConvCase[] = [...handPickedCases, ...randomCases(20_26, 12)];
