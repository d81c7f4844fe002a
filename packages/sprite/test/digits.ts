/** Seeded PRNG (mulberry32) returning floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws `count` MNIST-like grey images: two or three thick random strokes on black, values
 * 0-255, shape `[count, size, size]`. Every image differs, so a misplaced cell fails a test.
 */
export function drawDigits(count: number, size = 28, seed = 1): Uint8Array {
  const random = createRandom(seed);
  const pixels = new Uint8Array(count * size * size);

  for (let i = 0; i < count; i++) {
    const image = pixels.subarray(i * size * size, (i + 1) * size * size);
    const strokes = 2 + Math.floor(random() * 2);
    for (let s = 0; s < strokes; s++) {
      const x0 = 4 + random() * (size - 8);
      const y0 = 4 + random() * (size - 8);
      const x1 = 4 + random() * (size - 8);
      const y1 = 4 + random() * (size - 8);
      for (let t = 0; t <= 1; t += 0.02) {
        stamp(image, size, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
      }
    }
  }

  return pixels;
}

function stamp(image: Uint8Array, size: number, cx: number, cy: number): void {
  for (let y = Math.floor(cy - 2); y <= Math.ceil(cy + 2); y++) {
    for (let x = Math.floor(cx - 2); x <= Math.ceil(cx + 2); x++) {
      if (x < 0 || y < 0 || x >= size || y >= size) {
        continue;
      }
      const distance = Math.hypot(x - cx, y - cy);
      const value = Math.round(255 * Math.max(0, 1 - distance / 2));
      image[y * size + x] = Math.max(image[y * size + x]!, value);
    }
  }
}
