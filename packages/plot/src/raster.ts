/** An RGB colour, each channel 0-255. */
export type Rgb = readonly [number, number, number];

/**
 * An opaque RGB image in memory that the plot is drawn on. Pixels are stored row by row, three
 * bytes each. Every drawing method clips to the image, so shapes may extend past its edges.
 */
export class Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;

  constructor(width: number, height: number, background: Rgb) {
    this.width = width;
    this.height = height;
    this.data = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /** Blends `colour` over the pixel at (`x`, `y`) with opacity `alpha` in [0, 1]. */
  blendPixel(x: number, y: number, colour: Rgb, alpha: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) {
      return;
    }
    const offset = (y * this.width + x) * 3;
    if (alpha >= 1) {
      this.data[offset] = colour[0];
      this.data[offset + 1] = colour[1];
      this.data[offset + 2] = colour[2];
      return;
    }
    for (let channel = 0; channel < 3; channel++) {
      const below = this.data[offset + channel];
      this.data[offset + channel] = Math.round(below + (colour[channel] - below) * alpha);
    }
  }

  /** Fills the rectangle with its top-left corner at (`x`, `y`), sizes in pixels. */
  fillRect(x: number, y: number, width: number, height: number, colour: Rgb, alpha = 1): void {
    const left = Math.max(0, Math.round(x));
    const top = Math.max(0, Math.round(y));
    const right = Math.min(this.width, Math.round(x + width));
    const bottom = Math.min(this.height, Math.round(y + height));
    for (let row = top; row < bottom; row++) {
      for (let column = left; column < right; column++) {
        this.blendPixel(column, row, colour, alpha);
      }
    }
  }

  /** Draws the outline of a rectangle, `thickness` pixels wide, inside its bounds. */
  strokeRect(x: number, y: number, width: number, height: number, colour: Rgb, thickness = 1): void {
    this.fillRect(x, y, width, thickness, colour);
    this.fillRect(x, y + height - thickness, width, thickness, colour);
    this.fillRect(x, y + thickness, thickness, height - 2 * thickness, colour);
    this.fillRect(x + width - thickness, y + thickness, thickness, height - 2 * thickness, colour);
  }

  /**
   * Draws an anti-aliased filled disc centred at (`cx`, `cy`) in pixel coordinates, where the
   * centre of pixel (0, 0) is (0.5, 0.5). A pixel's coverage is `radius + 0.5 - distance` from
   * its centre, clamped to [0, 1], and scales `alpha`.
   */
  fillDisc(cx: number, cy: number, radius: number, colour: Rgb, alpha: number): void {
    const reach = radius + 0.5;
    const left = Math.max(0, Math.floor(cx - reach));
    const right = Math.min(this.width - 1, Math.ceil(cx + reach));
    const top = Math.max(0, Math.floor(cy - reach));
    const bottom = Math.min(this.height - 1, Math.ceil(cy + reach));
    for (let y = top; y <= bottom; y++) {
      const dy = y + 0.5 - cy;
      for (let x = left; x <= right; x++) {
        const dx = x + 0.5 - cx;
        const coverage = reach - Math.sqrt(dx * dx + dy * dy);
        if (coverage > 0) {
          this.blendPixel(x, y, colour, alpha * Math.min(1, coverage));
        }
      }
    }
  }
}
