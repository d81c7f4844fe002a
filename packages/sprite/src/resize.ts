/**
 * Source pixels and weights for every output pixel along one axis, stored flat:
 * output pixel `o` reads `indices[offsets[o] .. offsets[o + 1])` with the matching `weights`.
 */
export interface AxisWeights {
  offsets: Int32Array;
  indices: Int32Array;
  weights: Float32Array;
}

/**
 * Computes resampling weights for one axis from `inSize` to `outSize` pixels.
 *
 * Shrinking averages the source pixels that each output pixel covers, weighted by the
 * covered length (a box filter), so no source pixel is skipped. Enlarging interpolates
 * linearly between the two nearest source pixel centres (bilinear once both axes are done).
 * Equal sizes copy each pixel.
 */
export function computeAxisWeights(inSize: number, outSize: number): AxisWeights {
  const indices: number[] = [];
  const weights: number[] = [];
  const offsets = new Int32Array(outSize + 1);

  for (let o = 0; o < outSize; o++) {
    offsets[o] = indices.length;
    if (outSize === inSize) {
      indices.push(o);
      weights.push(1);
    } else if (outSize < inSize) {
      pushBoxWeights(inSize / outSize, o, indices, weights);
    } else {
      pushLinearWeights(inSize, outSize, o, indices, weights);
    }
  }
  offsets[outSize] = indices.length;

  return { offsets, indices: Int32Array.from(indices), weights: Float32Array.from(weights) };
}

function pushBoxWeights(scale: number, o: number, indices: number[], weights: number[]): void {
  const start = o * scale;
  const end = (o + 1) * scale;
  for (let j = Math.floor(start); j < end; j++) {
    const covered = Math.min(end, j + 1) - Math.max(start, j);
    if (covered > 1e-9) {
      indices.push(j);
      weights.push(covered / scale);
    }
  }
}

function pushLinearWeights(inSize: number, outSize: number, o: number, indices: number[], weights: number[]): void {
  const centre = Math.min(inSize - 1, Math.max(0, ((o + 0.5) * inSize) / outSize - 0.5));
  const left = Math.floor(centre);
  const right = Math.min(left + 1, inSize - 1);
  const t = centre - left;
  indices.push(left);
  weights.push(1 - t);
  if (t > 0 && right !== left) {
    indices.push(right);
    weights.push(t);
  }
}

/**
 * Resamples one image, channels last, from `height x width` to the sizes the weights were
 * computed for: first along rows (x), then along columns (y).
 *
 * @param pixels - `[height, width, channels]` values, row-major.
 * @returns `[outHeight, outWidth, channels]` values, row-major.
 */
export function resizeImage(
  pixels: Float32Array,
  height: number,
  width: number,
  channels: number,
  weightsX: AxisWeights,
  weightsY: AxisWeights,
): Float32Array {
  const outWidth = weightsX.offsets.length - 1;
  const outHeight = weightsY.offsets.length - 1;

  const rowsResized = new Float32Array(height * outWidth * channels);
  for (let y = 0; y < height; y++) {
    for (let ox = 0; ox < outWidth; ox++) {
      const target = (y * outWidth + ox) * channels;
      for (let k = weightsX.offsets[ox]; k < weightsX.offsets[ox + 1]; k++) {
        const source = (y * width + weightsX.indices[k]) * channels;
        const weight = weightsX.weights[k];
        for (let c = 0; c < channels; c++) {
          rowsResized[target + c] += pixels[source + c] * weight;
        }
      }
    }
  }

  const resized = new Float32Array(outHeight * outWidth * channels);
  const rowLength = outWidth * channels;
  for (let oy = 0; oy < outHeight; oy++) {
    const target = oy * rowLength;
    for (let k = weightsY.offsets[oy]; k < weightsY.offsets[oy + 1]; k++) {
      const source = weightsY.indices[k] * rowLength;
      const weight = weightsY.weights[k];
      for (let i = 0; i < rowLength; i++) {
        resized[target + i] += rowsResized[source + i] * weight;
      }
    }
  }

  return resized;
}
