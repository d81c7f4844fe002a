import { PNG } from 'pngjs';

/** A decoded PNG with a pixel reader. */
export interface DecodedImage {
  width: number;
  height: number;
  /** Returns `[r, g, b]` of the pixel at column `x`, row `y`. */
  pixel(x: number, y: number): [number, number, number];
  /** Returns the pixels whose colour equals `colour` exactly, as `[x, y]` pairs. */
  find(colour: readonly number[], region?: { x: number; y: number; width: number; height: number }): Array<[number, number]>;
}

export function decode(png: Buffer): DecodedImage {
  const image = PNG.sync.read(png);
  const pixel = (x: number, y: number): [number, number, number] => {
    const offset = (y * image.width + x) * 4;
    return [image.data[offset], image.data[offset + 1], image.data[offset + 2]];
  };
  const find = (colour: readonly number[], region = { x: 0, y: 0, width: image.width, height: image.height }) => {
    const found: Array<[number, number]> = [];
    for (let y = region.y; y < region.y + region.height; y++) {
      for (let x = region.x; x < region.x + region.width; x++) {
        const [r, g, b] = pixel(x, y);
        if (r === colour[0] && g === colour[1] && b === colour[2]) {
          found.push([x, y]);
        }
      }
    }
    return found;
  };
  return { width: image.width, height: image.height, pixel, find };
}

/** Returns the mean position of `pixels`. */
export function centroid(pixels: ReadonlyArray<[number, number]>): [number, number] {
  let sumX = 0;
  let sumY = 0;
  for (const [x, y] of pixels) {
    sumX += x;
    sumY += y;
  }
  return [sumX / pixels.length, sumY / pixels.length];
}
