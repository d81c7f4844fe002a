import type { RgbaImage } from './decode-image.js';

/** Method that fits an image whose aspect ratio is not 1 into a square cell. */
export type Fit = 'pad' | 'crop';

/** The source pixels and weights that make one output pixel along one axis. */
interface Taps {
  start: number;
  weights: number[];
}

/**
 * Resizes an RGBA image into a square cell of `cellSize` pixels, composited over a grey
 * `background`, and returns the cell as float RGB values in [0, 255], row-major.
 *
 * Each axis uses an area (box) filter when it shrinks and bilinear interpolation with
 * half-pixel centres when it grows or keeps its size. With `fit: 'pad'` the whole image is
 * scaled to fit and centred, and the margins take the background. With `fit: 'crop'` the
 * image is scaled to cover the cell and its centre is kept.
 */
export function resizeToCell(image: RgbaImage, cellSize: number, fit: Fit, background: number): Float32Array {
  const { width, height } = image;
  const scale = fit === 'pad' ? Math.min(cellSize / width, cellSize / height) : Math.max(cellSize / width, cellSize / height);
  const scaledWidth = Math.max(1, Math.round(width * scale));
  const scaledHeight = Math.max(1, Math.round(height * scale));

  // Cell pixel (x, y) shows scaled pixel (x + x0, y + y0); negative offsets leave margins.
  const x0 = Math.floor((scaledWidth - cellSize) / 2);
  const y0 = Math.floor((scaledHeight - cellSize) / 2);
  const columnStart = Math.max(0, x0);
  const columnEnd = Math.min(scaledWidth, x0 + cellSize);
  const xTaps = computeTaps(width, scaledWidth).slice(columnStart, columnEnd);
  const yTaps = computeTaps(height, scaledHeight);

  const rows = resizeRows(image, xTaps, background);
  const columns = xTaps.length;
  const cell = new Float32Array(cellSize * cellSize * 3).fill(background);
  for (let y = Math.max(0, -y0); y < Math.min(cellSize, scaledHeight - y0); y += 1) {
    const { start, weights } = yTaps[y + y0] as Taps;
    for (let column = 0; column < columns; column += 1) {
      const x = column + columnStart - x0;
      for (let channel = 0; channel < 3; channel += 1) {
        let sum = 0;
        for (let k = 0; k < weights.length; k += 1) {
          sum += (weights[k] as number) * (rows[((start + k) * columns + column) * 3 + channel] as number);
        }
        cell[(y * cellSize + x) * 3 + channel] = sum;
      }
    }
  }

  return cell;
}

/** Resizes every row horizontally, compositing alpha over the background first. */
function resizeRows(image: RgbaImage, xTaps: Taps[], background: number): Float32Array {
  const { width, height, data } = image;
  const rows = new Float32Array(height * xTaps.length * 3);
  const composite = (index: number): number => {
    const alpha = (data[index - (index % 4) + 3] as number) / 255;
    return (data[index] as number) * alpha + background * (1 - alpha);
  };

  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < xTaps.length; x += 1) {
      const { start, weights } = xTaps[x] as Taps;
      for (let channel = 0; channel < 3; channel += 1) {
        let sum = 0;
        for (let k = 0; k < weights.length; k += 1) {
          sum += (weights[k] as number) * composite((y * width + start + k) * 4 + channel);
        }
        rows[(y * xTaps.length + x) * 3 + channel] = sum;
      }
    }
  }

  return rows;
}

/** Computes, for each of `outputSize` pixels, the source pixels it reads and their weights. */
export function computeTaps(inputSize: number, outputSize: number): Taps[] {
  const scale = inputSize / outputSize;
  const taps: Taps[] = [];
  for (let i = 0; i < outputSize; i += 1) {
    if (outputSize < inputSize) {
      // Area filter: the output pixel averages the source interval it covers.
      const low = i * scale;
      const high = (i + 1) * scale;
      const start = Math.floor(low);
      const weights: number[] = [];
      for (let j = start; j < Math.min(Math.ceil(high), inputSize); j += 1) {
        weights.push((Math.min(high, j + 1) - Math.max(low, j)) / scale);
      }
      taps.push({ start, weights });
    } else {
      // Bilinear with half-pixel centres, clamped at the edges.
      const position = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inputSize - 1);
      const start = Math.min(Math.floor(position), Math.max(inputSize - 2, 0));
      const fraction = position - start;
      taps.push({ start, weights: inputSize === 1 ? [1] : [1 - fraction, fraction] });
    }
  }

  return taps;
}
