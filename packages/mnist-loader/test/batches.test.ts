import { describe, expect, test } from 'vitest';
import {
  batchIterator,
  gatherImages,
  gatherLabels,
  loadMnist,
  stepsPerEpoch,
  type MnistBatch,
  type MnistSplit,
} from '../src/index.js';
import { thrownBy } from './idx-writer.js';

/** Builds a split of `count` images of 3x2 pixels whose pixels and labels derive from the image index. */
function syntheticSplit(count: number): MnistSplit {
  const height = 3;
  const width = 2;
  const images = new Uint8Array(count * height * width);
  for (let i = 0; i < images.length; i++) images[i] = (Math.floor(i / 6) * 7 + (i % 6)) % 256;
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return { images, labels, count, height, width };
}

function allIndices(batches: MnistBatch[]): number[] {
  return batches.flatMap((batch) => Array.from(batch.indices));
}

describe(batchIterator, () => {
  const split = syntheticSplit(103);

  test('batchIterator covers every index once per epoch', () => {
    const batches = [...batchIterator(split, { batchSize: 32, seed: 1 })];

    const indices = allIndices(batches);
    expect(indices.length).toBe(103);
    expect(new Set(indices).size).toBe(103);
    expect(Math.min(...indices)).toBe(0);
    expect(Math.max(...indices)).toBe(102);
  });

  test('batchIterator yields a last partial batch', () => {
    const batches = [...batchIterator(split, { batchSize: 32, seed: 1 })];

    expect(batches.map((batch) => batch.indices.length)).toEqual([32, 32, 32, 7]);
    expect(batches.map((batch) => batch.step)).toEqual([0, 1, 2, 3]);
    expect(batches[3]!.xs.shape).toEqual([7, 3, 2, 1]);
    expect(batches[3]!.ys.shape).toEqual([7, 10]);
  });

  test('batchIterator dropRemainder skips the partial batch', () => {
    const batches = [...batchIterator(split, { batchSize: 32, seed: 1, dropRemainder: true })];

    expect(batches.map((batch) => batch.indices.length)).toEqual([32, 32, 32]);
    expect(new Set(allIndices(batches)).size).toBe(96);
  });

  test('batchIterator orders differ between epochs', () => {
    const epoch0 = allIndices([...batchIterator(split, { seed: 5, epoch: 0 })]);
    const epoch1 = allIndices([...batchIterator(split, { seed: 5, epoch: 1 })]);

    expect(epoch1).not.toEqual(epoch0);
    expect([...epoch1].sort((a, b) => a - b)).toEqual([...epoch0].sort((a, b) => a - b));
  });

  test('batchIterator order repeats for the same seed and epoch', () => {
    const first = allIndices([...batchIterator(split, { seed: 5, epoch: 3 })]);
    const second = allIndices([...batchIterator(split, { seed: 5, epoch: 3 })]);
    const otherSeed = allIndices([...batchIterator(split, { seed: 6, epoch: 3 })]);

    expect(second).toEqual(first);
    expect(otherSeed).not.toEqual(first);
  });

  test('batchIterator without shuffle keeps file order', () => {
    const batches = [...batchIterator(split, { batchSize: 50, seed: 0, shuffle: false })];

    expect(allIndices(batches)).toEqual(Array.from({ length: 103 }, (_, i) => i));
  });

  test('batchIterator batches match their indices', () => {
    for (const batch of batchIterator(split, { batchSize: 10, seed: 2 })) {
      batch.indices.forEach((index, position) => {
        const pixels = Array.from(split.images.subarray(index * 6, index * 6 + 6), (p) => Math.fround(p / 255));
        expect(Array.from(batch.xs.data.subarray(position * 6, position * 6 + 6))).toEqual(pixels);
        const row = Array.from(batch.ys.data.subarray(position * 10, position * 10 + 10));
        expect(row.indexOf(1)).toBe(split.labels[index]);
        expect(row.reduce((a, b) => a + b)).toBe(1);
      });
    }
  });

  test('batchIterator over real MNIST gives [32, 28, 28, 1] batches', async () => {
    const mnist = await loadMnist({ split: 'test', limit: 1000 });

    const batches = [...batchIterator(mnist, { seed: 42 })];

    expect(batches.length).toBe(32);
    expect(batches[0]!.xs.shape).toEqual([32, 28, 28, 1]);
    expect(batches[0]!.ys.shape).toEqual([32, 10]);
    expect(batches[31]!.xs.shape).toEqual([8, 28, 28, 1]);
    expect(new Set(allIndices(batches)).size).toBe(1000);
  });

  test('batchIterator rejects batchSize 0 when called', () => {
    const error = thrownBy(() => batchIterator(split, { batchSize: 0, seed: 1 }));

    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe('batchIterator: batchSize must be a positive integer, received 0.');
  });

  test('batchIterator rejects a fractional seed', () => {
    const error = thrownBy(() => batchIterator(split, { seed: 0.25 }));

    expect(error.message).toBe('batchIterator: options.seed must be a safe integer, received 0.25.');
  });

  test('batchIterator rejects a negative epoch', () => {
    const error = thrownBy(() => batchIterator(split, { seed: 1, epoch: -1 }));

    expect(error.message).toBe('batchIterator: options.epoch must be a non-negative integer, received -1.');
  });

  test('batchIterator rejects a label count mismatch', () => {
    const broken = { ...split, labels: split.labels.subarray(0, 100) };

    const error = thrownBy(() => batchIterator(broken, { seed: 1 }));

    expect(error.message).toBe(
      'batchIterator: split.labels has 100 labels, but split.count is 103. Pass a split returned by loadMnist or fix its sizes.',
    );
  });
});

describe(stepsPerEpoch, () => {
  test.each([
    [60000, 32, false, 1875],
    [60000, 32, true, 1875],
    [103, 32, false, 4],
    [103, 32, true, 3],
    [0, 32, false, 0],
    [5, 32, true, 0],
  ])('stepsPerEpoch(%i, %i, %s) is %i', (count, batchSize, dropRemainder, steps) => {
    expect(stepsPerEpoch(count, batchSize, dropRemainder)).toBe(steps);
  });

  test('stepsPerEpoch rejects a negative count', () => {
    expect(thrownBy(() => stepsPerEpoch(-1, 32)).message).toBe(
      'stepsPerEpoch: count must be a non-negative integer, received -1.',
    );
  });
});

describe(gatherImages, () => {
  const split = syntheticSplit(20);

  test('gatherImages keeps the order of the indices', () => {
    const indices = Int32Array.from([7, 0, 19, 7]);

    const { data, shape } = gatherImages(split, indices);

    expect(shape).toEqual([4, 3, 2, 1]);
    indices.forEach((index, position) => {
      const expected = Array.from(split.images.subarray(index * 6, index * 6 + 6), (p) => Math.fround(p / 255));
      expect(Array.from(data.subarray(position * 6, position * 6 + 6))).toEqual(expected);
    });
  });

  test('gatherLabels keeps the order of the indices', () => {
    expect(Array.from(gatherLabels(split, Int32Array.from([13, 2, 9])))).toEqual([3, 2, 9]);
  });

  test('gatherImages rejects an index past the count', () => {
    const error = thrownBy(() => gatherImages(split, Int32Array.from([0, 20])));

    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toBe(
      'gatherImages: indices[1] is 20, outside 0 to 19 (split.count is 20). Draw the indices from the same split.',
    );
  });

  test('gatherLabels rejects a negative index', () => {
    const error = thrownBy(() => gatherLabels(split, Int32Array.from([-1])));

    expect(error.message).toContain('gatherLabels: indices[0] is -1, outside 0 to 19');
  });
});
