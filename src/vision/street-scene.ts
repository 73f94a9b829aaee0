import type { Item } from '../core/item.js';
import type { Random } from '../util/random.js';
import { Raster, type Colour } from './raster.js';
import { polygon, rect, segment } from './region.js';
import {
  BASE_SIZE,
  STREET_OBJECTS,
  drawObject,
  halfWidth,
  objectColours,
  type PlacedObject,
  type StreetObject,
} from './street-objects.js';

/** Everything needed to draw one scene: the background and the objects, far to near. */
export interface SceneLayout {
  readonly size: number;
  readonly horizon: number;
  readonly skyTop: Colour;
  readonly skyBottom: Colour;
  readonly verge: Colour;
  readonly road: Colour;
  readonly marking: Colour;
  /** Road centre and half-width at the horizon and at the bottom row. */
  readonly roadTop: readonly [number, number];
  readonly roadBottom: readonly [number, number];
  readonly buildings: readonly {
    readonly x0: number;
    readonly x1: number;
    readonly top: number;
    readonly colour: Colour;
  }[];
  readonly objects: readonly PlacedObject[];
  /** Overall exposure, multiplying every colour. */
  readonly light: number;
}

/**
 * A random scene of side `size` holding exactly the objects of `kinds` (one of each). Objects stand on
 * the ground, larger when nearer (lower in the image), placed so that no two overlap by more than a
 * third of the narrower one, so every object stays visible.
 */
export function sampleSceneLayout(kinds: readonly StreetObject[], size: number, rng: Random): SceneLayout {
  const S = size;
  const horizon = S * rng.uniform(0.34, 0.52);
  const jitter = (c: Colour, d = 0.06): Colour => c.map((v) => clamp01(v + rng.uniform(-d, d)));
  const sky = rng.pick<readonly [Colour, Colour]>([
    [
      [0.25, 0.45, 0.85],
      [0.62, 0.77, 0.95],
    ],
    [
      [0.6, 0.62, 0.66],
      [0.74, 0.75, 0.77],
    ],
    [
      [0.3, 0.28, 0.52],
      [0.95, 0.62, 0.42],
    ],
  ]);
  const buildings = Array.from({ length: rng.int(4) }, () => {
    const w = S * rng.uniform(0.1, 0.3);
    const x0 = rng.uniform(-0.1 * S, S - w * 0.5);
    const v = rng.uniform(0.3, 0.65);
    return { x0, x1: x0 + w, top: horizon - S * rng.uniform(0.08, 0.3), colour: jitter([v, v * 0.95, v * 0.88], 0.08) };
  });
  const objects: { o: PlacedObject; lo: number; hi: number }[] = [];
  for (const kind of kinds) {
    let best: { o: PlacedObject; lo: number; hi: number } | undefined;
    for (let attempt = 0; attempt < 40; attempt++) {
      const depth = rng.uniform(0.2, 0.98);
      const base = horizon + (S - horizon) * depth;
      const sz = S * BASE_SIZE[kind] * (0.6 + 0.6 * depth) * rng.uniform(0.85, 1.15);
      const hw = halfWidth(kind, sz);
      const x = rng.uniform(hw, Math.max(hw, S - hw));
      const candidate = { o: { kind, x, base, size: sz, colours: [], variant: 0 }, lo: x - hw, hi: x + hw };
      best = candidate;
      if (objects.every((p) => overlap(p, candidate) <= 1 / 3)) break;
    }
    objects.push({ ...best!, o: { ...best!.o, colours: objectColours(kind, rng), variant: rng.int(3) } });
  }
  const topHalf = S * rng.uniform(0.04, 0.1);
  return {
    size: S,
    horizon,
    skyTop: jitter(sky[0]),
    skyBottom: jitter(sky[1]),
    verge: jitter(
      rng.pick<Colour>([
        [0.28, 0.5, 0.22],
        [0.62, 0.6, 0.54],
        [0.45, 0.38, 0.28],
      ]),
    ),
    road: jitter([0.36, 0.36, 0.37], 0.08),
    marking: rng.pick<Colour>([
      [0.95, 0.95, 0.92],
      [0.95, 0.8, 0.2],
    ]),
    roadTop: [S * rng.uniform(0.35, 0.65), topHalf],
    roadBottom: [S * rng.uniform(0.3, 0.7), S * rng.uniform(0.45, 0.7)],
    buildings,
    objects: objects.map((p) => p.o).sort((a, b) => a.base - b.base),
    light: rng.uniform(0.8, 1.1),
  };
}

/** Overlap of two horizontal extents as a fraction of the narrower. */
function overlap(a: { lo: number; hi: number }, b: { lo: number; hi: number }): number {
  const shared = Math.min(a.hi, b.hi) - Math.max(a.lo, b.lo);
  return Math.max(0, shared) / Math.max(1e-6, Math.min(a.hi - a.lo, b.hi - b.lo));
}

/** Draws a scene as a [size, size, 3] RGB image in [0, 1], with Gaussian pixel noise of std `noise`. */
export function renderScene(s: SceneLayout, noise: number, rng: Random): Item {
  const S = s.size;
  const img = new Raster(S, S, 3);
  img.shadeRows((y) => {
    const t = Math.min(1, y / Math.max(1, s.horizon));
    return s.skyTop.map((v, c) => v + (s.skyBottom[c]! - v) * t);
  });
  for (const b of s.buildings) img.paint(rect(b.x0, b.top, b.x1, s.horizon + 0.5), b.colour);
  img.paint(rect(0, s.horizon, S, S), s.verge);
  const [tc, tw] = s.roadTop;
  const [bc, bw] = s.roadBottom;
  img.paint(
    polygon([
      [tc - tw, s.horizon],
      [tc + tw, s.horizon],
      [bc + bw, S],
      [bc - bw, S],
    ]),
    s.road,
  );
  for (let k = 0; k < 4; k++) {
    const t0 = ((k + 0.3) / 4) ** 1.5;
    const t1 = ((k + 0.7) / 4) ** 1.5;
    const at = (t: number) => [tc + (bc - tc) * t, s.horizon + (S - s.horizon) * t] as const;
    const [x0, y0] = at(t0);
    const [x1, y1] = at(t1);
    img.paint(segment(x0, y0, x1, y1, 0.15 + 0.5 * t1), s.marking);
  }
  for (const o of s.objects) drawObject(img, o);
  for (let i = 0; i < img.data.length; i++) img.data[i] = img.data[i]! * s.light;
  img.addNoise(noise, rng);
  img.clip();
  return img.toItem();
}

/** The multi-label vector of a layout: 1 for each kind of STREET_OBJECTS it holds, else 0. */
export function sceneLabel(s: SceneLayout): number[] {
  return STREET_OBJECTS.map((k) => (s.objects.some((o) => o.kind === k) ? 1 : 0));
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
