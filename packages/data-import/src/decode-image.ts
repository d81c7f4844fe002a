import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';

/** An 8-bit image with 4 channels (red, green, blue, alpha), row-major. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Returns the image format from the file's first bytes, or `undefined` when unknown. */
export function detectImageFormat(bytes: Uint8Array): 'png' | 'jpeg' | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return 'png';
  }

  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'jpeg';
  }

  return undefined;
}

/**
 * Decodes a PNG (any colour type and bit depth; 16-bit samples are scaled to 8 bits) or a
 * baseline or progressive JPEG into RGBA.
 *
 * @throws Error from the decoder, or when the bytes are neither PNG nor JPEG.
 */
export function decodeImage(bytes: Uint8Array): RgbaImage {
  const format = detectImageFormat(bytes);
  if (format === 'png') {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
  }

  if (format === 'jpeg') {
    const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: jpeg.width, height: jpeg.height, data: jpeg.data };
  }

  throw new Error('the file starts with neither the PNG nor the JPEG signature');
}

/** Returns whether every pixel has equal red, green and blue values. */
export function isGrey(image: RgbaImage): boolean {
  const { data } = image;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) {
      return false;
    }
  }

  return true;
}
