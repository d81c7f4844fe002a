import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';

/** Returns [red, green, blue, alpha] of the pixel at (x, y). */
export type PixelFunction = (x: number, y: number) => [number, number, number, number];

function rgba(width: number, height: number, pixel: PixelFunction): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      data.set(pixel(x, y), (y * width + x) * 4);
    }
  }
  return data;
}

/**
 * Writes a PNG with pngjs. Colour types: 0 grey, 2 RGB, 4 grey and alpha, 6 RGBA.
 * For grey types pngjs stores (red + green + blue) / 3.
 */
export function writePng(path: string, width: number, height: number, pixel: PixelFunction, colorType: 0 | 2 | 4 | 6): void {
  const png = new PNG({ width, height });
  png.data = rgba(width, height, pixel);
  writeFileSync(path, PNG.sync.write(png, { colorType }));
}

/** Writes a baseline JPEG with jpeg-js at the given quality (1 to 100). */
export function writeJpeg(path: string, width: number, height: number, pixel: PixelFunction, quality: number): void {
  writeFileSync(path, encodeJpeg({ width, height, data: rgba(width, height, pixel) }, quality).data);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) {
    c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/**
 * Writes an 8-bit palette PNG (colour type 3) by hand, since pngjs cannot write one.
 * `indices` contains one palette index per pixel, row-major.
 */
export function writePalettePng(
  path: string,
  width: number,
  height: number,
  palette: [number, number, number][],
  indices: number[],
): void {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8);

  const raw = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y += 1) {
    raw[y * (width + 1)] = 0;
    raw.set(indices.slice(y * width, (y + 1) * width), y * (width + 1) + 1);
  }

  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('PLTE', Buffer.from(palette.flat())),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}
