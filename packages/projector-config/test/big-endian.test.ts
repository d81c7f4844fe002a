import { expect, it, vi } from 'vitest';

import { decodeFloat32LE, encodeFloat32LE } from '../src/index.js';

vi.mock('node:os', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:os')>()), endianness: () => 'BE' }));

it('encodeFloat32LE writes little-endian on a big-endian host', () => {
  const data = Float32Array.from([1.5, -2, 3.25e-8, 0]);

  const bytes = encodeFloat32LE(data);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(bytes.buffer).not.toBe(data.buffer);
  expect([0, 1, 2, 3].map((i) => view.getFloat32(i * 4, true))).toEqual(Array.from(data));
  expect(decodeFloat32LE(bytes)).toEqual(data);
});
