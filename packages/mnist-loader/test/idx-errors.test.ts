import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { IdxError, parseIdx } from '../src/index.js';
import { thrownBy, writeIdx, writeIdxHeader } from './idx-writer.js';

/** Parses `bytes` and returns the IdxError it throws, failing when it throws anything else. */
function idxErrorOf(bytes: Uint8Array, source?: string): IdxError {
  const error = thrownBy(() => parseIdx(bytes, source));
  expect(error).toBeInstanceOf(IdxError);
  return error as IdxError;
}

describe('parseIdx errors', () => {
  test('parseIdx rejects empty input', () => {
    const error = idxErrorOf(new Uint8Array(0));

    expect(error.file).toBe('<buffer>');
    expect(error.field).toBe('magic');
    expect(error.offset).toBe(0);
    expect(error.message).toBe(
      '<buffer>: truncated header at byte 0: expected 4 header bytes (0x00 0x00, type byte, dimension count), ' +
        'found 0 bytes. Re-download or check the file is complete.',
    );
  });

  test('parseIdx rejects wrong magic in byte 0', () => {
    const bytes = Buffer.from('<html><body>Not Found</body></html>');

    const error = idxErrorOf(bytes, 'page.html');

    expect(error).toMatchObject({ file: 'page.html', field: 'magic', offset: 0, expected: '0x00 0x00', found: '0x3c 0x68' });
    expect(error.message).toMatch(/^page\.html: invalid magic at byte 0: expected 0x00 0x00, found 0x3c 0x68\. /);
    expect(error.message).toContain('not an HTML page');
  });

  test('parseIdx rejects wrong magic in byte 1', () => {
    const bytes = writeIdx('uint8', [1], [0]);
    bytes[1] = 0x01;

    const error = idxErrorOf(bytes);

    expect(error).toMatchObject({ field: 'magic', offset: 1, found: '0x00 0x01' });
  });

  test('parseIdx rejects unknown type byte', () => {
    const bytes = writeIdxHeader(0x0a, [1]);

    const error = idxErrorOf(Buffer.concat([bytes, Buffer.alloc(1)]));

    expect(error).toMatchObject({ field: 'type', offset: 2, found: '0x0a' });
    expect(error.message).toBe(
      '<buffer>: unknown element type at byte 2: expected 0x08 (uint8), 0x09 (int8), 0x0b (int16), ' +
        '0x0c (int32), 0x0d (float32), 0x0e (float64), found 0x0a. ' +
        'The type byte is corrupt or the file is not an IDX file.',
    );
  });

  test('parseIdx rejects zero dimensions', () => {
    const error = idxErrorOf(writeIdxHeader(0x08, []));

    expect(error).toMatchObject({ field: 'dimensions', offset: 3, expected: '1 to 255 dimensions', found: 0 });
    expect(error.message).toContain('invalid dimension count at byte 3: expected 1 to 255 dimensions, found 0.');
  });

  test('parseIdx rejects truncated dimension sizes', () => {
    const header = writeIdxHeader(0x08, [60000, 28, 28]).subarray(0, 10);

    const error = idxErrorOf(header, 'images');

    expect(error).toMatchObject({ field: 'dimensions', offset: 4 });
    expect(error.message).toBe(
      'images: truncated header at byte 4: expected 12 bytes for 3 dimension sizes, found 6 bytes. ' +
        'Re-download or check the file is complete.',
    );
  });

  test('parseIdx rejects a dimension of size 0', () => {
    const error = idxErrorOf(writeIdxHeader(0x08, [5, 7, 0]));

    expect(error).toMatchObject({ field: 'dimension 2', offset: 12, expected: 'a size of at least 1', found: 0 });
    expect(error.message).toContain('invalid dimension 2 at byte 12: expected a size of at least 1, found 0.');
  });

  test('parseIdx rejects an element count above MAX_SAFE_INTEGER', () => {
    const max = 0xffffffff;

    const error = idxErrorOf(writeIdxHeader(0x08, [max, max, 2]));

    expect(error).toMatchObject({ field: 'dimensions', offset: 4 });
    expect(error.message).toContain(`expected at most ${Number.MAX_SAFE_INTEGER} elements`);
    expect(error.message).toContain(`found shape [${max}, ${max}, 2], whose element count overflows`);
  });

  test('parseIdx rejects elements beyond typed array limit', () => {
    const error = idxErrorOf(writeIdxHeader(0x0e, [2 ** 16, 2 ** 14]));

    expect(error).toMatchObject({ field: 'dimensions', offset: 4 });
    expect(error.message).toContain('too many elements at byte 4: expected at most 536870912 elements of float64');
    expect(error.message).toContain('found 1073741824 elements for shape [65536, 16384]');
  });

  test('parseIdx rejects truncated data', () => {
    const bytes = Buffer.concat([writeIdxHeader(0x08, [60000, 28, 28]), Buffer.alloc(1000)]);

    const error = idxErrorOf(bytes, 'train-images-idx3-ubyte');

    expect(error).toMatchObject({
      file: 'train-images-idx3-ubyte',
      field: 'data',
      offset: 16,
      expected: '47040000 bytes of uint8 for shape [60000, 28, 28]',
      found: 1000,
      inflated: false,
    });
    expect(error.message).toBe(
      'train-images-idx3-ubyte: truncated data at byte 16: expected 47040000 bytes of uint8 ' +
        'for shape [60000, 28, 28], found 1000. Re-download or check the file is complete.',
    );
  });

  test('parseIdx rejects truncated multi-byte data', () => {
    const bytes = writeIdx('float64', [3], [1, 2, 3]).subarray(0, 8 + 23);

    const error = idxErrorOf(bytes);

    expect(error).toMatchObject({ field: 'data', offset: 8, expected: '24 bytes of float64 for shape [3]', found: 23 });
  });

  test('parseIdx rejects trailing bytes', () => {
    const bytes = Buffer.concat([writeIdx('int16', [2, 2], [1, 2, 3, 4]), Buffer.from([0, 0, 0])]);

    const error = idxErrorOf(bytes, 'labels');

    expect(error).toMatchObject({ field: 'data', offset: 20, found: 11 });
    expect(error.message).toBe(
      'labels: trailing bytes after data at byte 20: expected 8 bytes of int16 for shape [2, 2], found 11. ' +
        'Check that the dimension sizes are right and that nothing was appended to the file.',
    );
  });

  test('parseIdx rejects truncated gzip', () => {
    const packed = gzipSync(writeIdx('uint8', [100], new Array(100).fill(7)));

    const error = idxErrorOf(packed.subarray(0, packed.length - 5), 'images.gz');

    expect(error).toMatchObject({ file: 'images.gz', field: 'gzip', offset: 0, expected: 'a complete gzip stream' });
    expect(error.message).toBe(
      'images.gz: corrupt gzip data at byte 0: expected a complete gzip stream, found "unexpected end of file". ' +
        'Re-download the file, or test it with `gunzip -t`.',
    );
    expect(error.cause).toBeInstanceOf(Error);
  });

  test('parseIdx rejects gzip with a wrong checksum', () => {
    const packed = gzipSync(writeIdx('uint8', [100], new Array(100).fill(7)));
    packed[packed.length - 8]! ^= 0xff;

    const error = idxErrorOf(packed);

    expect(error.field).toBe('gzip');
    expect(error.found).toBe('"incorrect data check"');
  });

  test('parseIdx reports offsets into inflated data', () => {
    const packed = gzipSync(writeIdx('int32', [4], [1, 2, 3, 4]).subarray(0, 20));

    const error = idxErrorOf(packed, 'x.gz');

    expect(error).toMatchObject({ field: 'data', offset: 8, found: 12, inflated: true });
    expect(error.message).toContain('x.gz: truncated data at byte 8 of the inflated data: expected 16 bytes of int32');
  });

  test('parseIdx rejects input that is not a Uint8Array', () => {
    const error = thrownBy(() => parseIdx('00000803' as unknown as Uint8Array));

    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('parseIdx: bytes must be a Uint8Array such as a Buffer, received string.');
  });

  test('IdxError is an Error with its name', () => {
    const error = idxErrorOf(new Uint8Array([0, 0]));

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('IdxError');
    expect(String(error)).toMatch(/^IdxError: <buffer>: truncated header/);
  });
});
