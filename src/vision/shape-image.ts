import type { Item } from '../core/item.js';
import type { Random } from '../util/random.js';
import { Raster } from './raster.js';
import { place, type Placement } from './region.js';
import { unitShape, type ShapeName } from './shape-library.js';

/** How shapes are rendered: `plain` white on black, or `xray`: dark, low-contrast, blurred, on an uneven light film. */
export type ShapeStyle = 'plain' | 'xray';

/** One drawn shape: which, where, and how strongly it shows. */
export interface ShapeLayout extends Placement {
  readonly shape: ShapeName;
  /** Foreground strength: brightness over black (plain) or how much darker than the film (xray). */
  readonly ink: number;
}

/**
 * A random placement of `shape` in a size x size image: radius 22-40% of the side (less when the
 * rotated shape would not fit), any rotation, fully inside.
 */
export function sampleShapeLayout(shape: ShapeName, size: number, style: ShapeStyle, rng: Random): ShapeLayout {
  let scale = size * rng.uniform(0.22, 0.4);
  const angle = rng.uniform(0, 2 * Math.PI);
  const boundsAt = (s: number) => place(unitShape(shape), { cx: 0, cy: 0, scale: s, angle }).bounds;
  let [x0, y0, x1, y1] = boundsAt(scale);
  while (Math.max(x1 - x0, y1 - y0) > size - 1) {
    scale *= 0.95;
    [x0, y0, x1, y1] = boundsAt(scale);
  }
  return {
    shape,
    scale,
    angle,
    cx: rng.uniform(0.5 - x0, size - 0.5 - x1),
    cy: rng.uniform(0.5 - y0, size - 0.5 - y1),
    ink: style === 'plain' ? rng.uniform(0.75, 1) : rng.uniform(0.22, 0.35),
  };
}

/** Renders a layout as a [size, size, 1] greyscale image with values in [0, 1]. */
export function renderShape(layout: ShapeLayout, style: ShapeStyle, size: number, noise: number, rng: Random): Item {
  const region = place(unitShape(layout.shape), layout);
  const img = new Raster(size, size, 1, 4);
  if (style === 'plain') {
    img.paint(region, [layout.ink]);
  } else {
    const mask = new Raster(size, size, 1, 4);
    mask.paint(region, [1]);
    const film = unevenFilm(size, rng);
    for (let i = 0; i < img.data.length; i++) img.data[i] = film[i]! - layout.ink * mask.data[i]!;
    img.blur(rng.uniform(0.7, 1.3));
  }
  img.addNoise(noise, rng);
  img.clip();
  return img.toItem();
}

/** A light background darker towards the edges, with soft blotches (uneven exposure). */
function unevenFilm(size: number, rng: Random): Float32Array {
  const base = rng.uniform(0.55, 0.72);
  const g = 4;
  const coarse = Array.from({ length: (g + 1) * (g + 1) }, () => 0.04 * rng.normal());
  const out = new Float32Array(size * size);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r2 = ((x - c) ** 2 + (y - c) ** 2) / (c * c * 2);
      const gx = (x / (size - 1)) * g;
      const gy = (y / (size - 1)) * g;
      const ix = Math.min(g - 1, Math.floor(gx));
      const iy = Math.min(g - 1, Math.floor(gy));
      const fx = gx - ix;
      const fy = gy - iy;
      const k = iy * (g + 1) + ix;
      const blotch =
        (1 - fy) * ((1 - fx) * coarse[k]! + fx * coarse[k + 1]!) +
        fy * ((1 - fx) * coarse[k + g + 1]! + fx * coarse[k + g + 2]!);
      out[y * size + x] = base - 0.15 * r2 + blotch;
    }
  }
  return out;
}
