import type { Rgb } from './raster.js';

/**
 * The 20 category colours: matplotlib's `tab10`, then the ten lighter shades of `tab20`, so
 * the first ten categories get the colours most readers know from matplotlib plots.
 */
export const PALETTE: readonly Rgb[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
  [174, 199, 232],
  [255, 187, 120],
  [152, 223, 138],
  [255, 152, 150],
  [197, 176, 213],
  [196, 156, 148],
  [247, 182, 210],
  [199, 199, 199],
  [219, 219, 141],
  [158, 218, 229],
];

/** Largest luminance (0.2126 R + 0.7152 G + 0.0722 B, bytes) of a hashed colour. */
const MAX_HASHED_LUMINANCE = 180;

/**
 * Returns one colour per category name. Up to {@link PALETTE}'s 20 categories take the palette
 * colours in order. With more, every category takes {@link hashedColour} of its name, so a
 * category keeps its colour across plots with different category sets.
 */
export function categoryColours(names: readonly string[]): Rgb[] {
  if (names.length <= PALETTE.length) {
    return names.map((_, index) => PALETTE[index]);
  }
  return names.map(hashedColour);
}

/**
 * Returns a colour derived from a 32-bit FNV-1a hash of `name`, mixed by MurmurHash3's final
 * step so that names differing in one character get unrelated colours. The hue takes the
 * whole circle, saturation 55-85 % and lightness 35-60 %. Colours brighter than a luminance
 * of 180 (of 255) are darkened to it, about as bright as the lightest tab10 colour, so that
 * every colour contrasts with a white background. Different names can share a colour.
 */
export function hashedColour(name: string): Rgb {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash = (hash ^ (hash >>> 16)) >>> 0;

  const hue = (hash % 360) / 360;
  const saturation = 0.55 + ((hash >>> 9) % 31) / 100;
  const lightness = 0.35 + ((hash >>> 17) % 26) / 100;
  const [r, g, b] = hslToRgb(hue, saturation, lightness);

  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const darken = Math.min(1, MAX_HASHED_LUMINANCE / luminance);
  return [Math.round(r * darken), Math.round(g * darken), Math.round(b * darken)];
}

/** Converts hue, saturation and lightness, each in [0, 1], to RGB bytes. */
function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const channel = (shift: number): number => {
    const k = (shift + hue * 12) % 12;
    const value = lightness - (chroma / 2) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255);
  };
  return [channel(0), channel(8), channel(4)];
}
