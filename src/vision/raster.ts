import type { Item } from '../core/item.js';
import type { Random } from '../util/random.js';
import type { Region } from './region.js';

/** A colour with one value per channel, each in [0, 1]. */
export type Colour = readonly number[];

/**
 * A row-major float image [height, width, channels] that regions are painted onto with anti-aliased
 * edges (each pixel covered by the fraction of `samples` x `samples` sub-pixel points inside).
 */
export class Raster {
  readonly data: Float32Array;

  constructor(
    readonly height: number,
    readonly width: number,
    readonly channels: number,
    private readonly samples = 3,
  ) {
    this.data = new Float32Array(height * width * channels);
  }

  /** Sets every pixel to `colour`. */
  fill(colour: Colour): void {
    for (let i = 0; i < this.height * this.width; i++)
      for (let c = 0; c < this.channels; c++) this.data[i * this.channels + c] = colour[c]!;
  }

  /** Sets each row to `f(y)` at its centre (vertical gradients: sky, film). */
  shadeRows(f: (y: number) => Colour): void {
    const C = this.channels;
    for (let y = 0; y < this.height; y++) {
      const col = f(y + 0.5);
      for (let o = y * this.width * C; o < (y + 1) * this.width * C; o += C)
        for (let c = 0; c < C; c++) this.data[o + c] = col[c]!;
    }
  }

  /** Blends `colour` over the pixels the region covers, in proportion to the coverage. */
  paint(region: Region, colour: Colour): void {
    const [bx0, by0, bx1, by1] = region.bounds;
    const x0 = Math.max(0, Math.floor(bx0));
    const y0 = Math.max(0, Math.floor(by0));
    const x1 = Math.min(this.width, Math.ceil(bx1));
    const y1 = Math.min(this.height, Math.ceil(by1));
    if (region.isBox) {
      // Exact coverage of an axis-aligned box: the product of its overlaps with the row and the column.
      for (let y = y0; y < y1; y++) {
        const fy = Math.min(y + 1, by1) - Math.max(y, by0);
        for (let x = x0; x < x1; x++) this.blend(x, y, fy * (Math.min(x + 1, bx1) - Math.max(x, bx0)), colour);
      }
      return;
    }
    if (x1 <= x0 || y1 <= y0) return;
    const n = this.samples;
    // Inside tests on a half-pixel lattice first: a pixel whose 9 lattice points agree is taken as
    // fully in or out, and only the others are supersampled. Features thinner than ~0.7 px can be
    // missed, which is why drawing code keeps strokes at least 0.8 px wide.
    const lw = 2 * (x1 - x0) + 1;
    const lattice = new Uint8Array(lw * (2 * (y1 - y0) + 1));
    for (let j = 0; j <= 2 * (y1 - y0); j++)
      for (let i = 0; i < lw; i++) lattice[j * lw + i] = region.contains(x0 + i / 2, y0 + j / 2) ? 1 : 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const base = 2 * (y - y0) * lw + 2 * (x - x0);
        let votes = 0;
        for (let j = 0; j < 3; j++)
          votes += lattice[base + j * lw]! + lattice[base + j * lw + 1]! + lattice[base + j * lw + 2]!;
        let a = votes / 9;
        if (votes > 0 && votes < 9) {
          let hits = 0;
          for (let sy = 0; sy < n; sy++)
            for (let sx = 0; sx < n; sx++) if (region.contains(x + (sx + 0.5) / n, y + (sy + 0.5) / n)) hits++;
          a = hits / (n * n);
        }
        this.blend(x, y, a, colour);
      }
    }
  }

  private blend(x: number, y: number, a: number, colour: Colour): void {
    if (a <= 0) return;
    const o = (y * this.width + x) * this.channels;
    for (let c = 0; c < this.channels; c++) this.data[o + c] = this.data[o + c]! * (1 - a) + colour[c]! * a;
  }

  /** Adds zero-mean Gaussian noise of standard deviation `sigma` to every value. */
  addNoise(sigma: number, rng: Random): void {
    if (sigma <= 0) return;
    // Noise is most of the work of drawing small images: one uniform per value, read through a table
    // of normal quantiles, costs a fraction of Box-Muller and is Gaussian to 1/4096.
    const table = normalTable();
    for (let i = 0; i < this.data.length; i++)
      this.data[i] = this.data[i]! + sigma * table[(rng.next() * NORMAL_TABLE_SIZE) | 0]!;
  }

  /** Clips every value to [0, 1]. */
  clip(): void {
    for (let i = 0; i < this.data.length; i++) this.data[i] = Math.min(1, Math.max(0, this.data[i]!));
  }

  /** Blurs with a separable Gaussian of standard deviation `sigma` pixels (edges clamped). */
  blur(sigma: number): void {
    if (sigma <= 0) return;
    const r = Math.max(1, Math.ceil(3 * sigma));
    const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
    const sum = k.reduce((a, b) => a + b, 0);
    const w = k.map((v) => v / sum);
    const { width: W, height: H, channels: C } = this;
    const tmp = new Float32Array(this.data.length);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        for (let c = 0; c < C; c++) {
          let acc = 0;
          for (let i = -r; i <= r; i++) acc += w[i + r]! * this.data[(y * W + clampInt(x + i, W)) * C + c]!;
          tmp[(y * W + x) * C + c] = acc;
        }
      }
    }
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        for (let c = 0; c < C; c++) {
          let acc = 0;
          for (let i = -r; i <= r; i++) acc += w[i + r]! * tmp[(clampInt(y + i, H) * W + x) * C + c]!;
          this.data[(y * W + x) * C + c] = acc;
        }
      }
    }
  }

  /** The image as an item of shape [height, width, channels], sharing the raster's data. */
  toItem(): Item {
    return { data: this.data, shape: [this.height, this.width, this.channels] };
  }
}

function clampInt(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

const NORMAL_TABLE_SIZE = 4096;
let normals: Float64Array | undefined;

/** Standard normal quantiles at the midpoints of NORMAL_TABLE_SIZE equal-probability bins. */
function normalTable(): Float64Array {
  return (normals ??= Float64Array.from({ length: NORMAL_TABLE_SIZE }, (_, k) =>
    inverseNormal((k + 0.5) / NORMAL_TABLE_SIZE),
  ));
}

/** The standard normal quantile function (Acklam's rational approximation, relative error < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
