import type { Random } from '../util/random.js';
import type { Colour, Raster } from './raster.js';
import { ellipse, polygon, rect, regularPolygon, segment } from './region.js';

/** The objects a street scene may hold, in the order of the multi-label vector. */
export const STREET_OBJECTS = ['pedestrian', 'car', 'stop_sign', 'traffic_light'] as const;

export type StreetObject = (typeof STREET_OBJECTS)[number];

/** One object standing in a scene: its kind, the foot of it (x, base), its size and colours. */
export interface PlacedObject {
  readonly kind: StreetObject;
  readonly x: number;
  /** Image row of the object's lowest point (feet, wheels, foot of the pole). */
  readonly base: number;
  /** Height in pixels (for a car: width). */
  readonly size: number;
  readonly colours: readonly Colour[];
  /** Which lamp of a traffic light is lit (0 red, 1 amber, 2 green). */
  readonly variant: number;
}

/** Height (width for cars) of each kind at scale 1, as a fraction of the image side. */
export const BASE_SIZE: Record<StreetObject, number> = {
  pedestrian: 0.42,
  car: 0.48,
  stop_sign: 0.48,
  traffic_light: 0.55,
};

/** Half the horizontal extent of an object of this size, in pixels. */
export function halfWidth(kind: StreetObject, size: number): number {
  return { pedestrian: 0.22, car: 0.5, stop_sign: 0.27, traffic_light: 0.14 }[kind] * size;
}

const SKIN: readonly Colour[] = [
  [0.96, 0.8, 0.69],
  [0.87, 0.67, 0.5],
  [0.65, 0.45, 0.3],
  [0.42, 0.28, 0.18],
];

/** Colours of an object of this kind (clothes, paint, lamps), drawn at random. */
export function objectColours(kind: StreetObject, rng: Random): Colour[] {
  const vivid = (): Colour => hsv(rng.next(), rng.uniform(0.5, 0.95), rng.uniform(0.45, 0.95));
  const grey = (lo: number, hi: number): Colour => {
    const v = rng.uniform(lo, hi);
    return [v, v, v];
  };
  switch (kind) {
    case 'pedestrian':
      return [rng.pick(SKIN), vivid(), hsv(rng.next(), rng.uniform(0.2, 0.7), rng.uniform(0.1, 0.4))];
    case 'car':
      return [vivid(), [0.55, 0.7, 0.85], grey(0.03, 0.1)];
    case 'stop_sign':
      return [
        [rng.uniform(0.75, 0.95), rng.uniform(0.02, 0.12), rng.uniform(0.05, 0.15)],
        [0.95, 0.95, 0.95],
        grey(0.45, 0.65),
      ];
    case 'traffic_light':
      return [grey(0.06, 0.15), grey(0.25, 0.4)];
  }
}

/** Paints one object onto the scene. */
export function drawObject(img: Raster, o: PlacedObject): void {
  switch (o.kind) {
    case 'pedestrian':
      return drawPedestrian(img, o);
    case 'car':
      return drawCar(img, o);
    case 'stop_sign':
      return drawStopSign(img, o);
    case 'traffic_light':
      return drawTrafficLight(img, o);
  }
}

function drawPedestrian(img: Raster, { x, base, size: h, colours: [skin, shirt, trousers] }: PlacedObject): void {
  const limb = Math.max(0.45, 0.055 * h);
  img.paint(segment(x - 0.05 * h, base - 0.42 * h, x - 0.12 * h, base - limb, limb), trousers!);
  img.paint(segment(x + 0.05 * h, base - 0.42 * h, x + 0.12 * h, base - limb, limb), trousers!);
  img.paint(segment(x - 0.1 * h, base - 0.74 * h, x - 0.2 * h, base - 0.48 * h, limb * 0.85), shirt!);
  img.paint(segment(x + 0.1 * h, base - 0.74 * h, x + 0.2 * h, base - 0.48 * h, limb * 0.85), shirt!);
  img.paint(ellipse(x, base - 0.6 * h, 0.13 * h, 0.2 * h), shirt!);
  img.paint(ellipse(x, base - 0.89 * h, Math.max(0.6, 0.1 * h)), skin!);
}

function drawCar(img: Raster, { x, base, size: w, colours: [paint, glass, tyre] }: PlacedObject): void {
  const r = 0.12 * w;
  img.paint(
    polygon([
      [x - 0.3 * w, base - 0.36 * w],
      [x + 0.3 * w, base - 0.36 * w],
      [x + 0.2 * w, base - 0.58 * w],
      [x - 0.2 * w, base - 0.58 * w],
    ]),
    paint!,
  );
  img.paint(
    polygon([
      [x - 0.24 * w, base - 0.37 * w],
      [x + 0.24 * w, base - 0.37 * w],
      [x + 0.17 * w, base - 0.53 * w],
      [x - 0.17 * w, base - 0.53 * w],
    ]),
    glass!,
  );
  img.paint(rect(x - 0.5 * w, base - 0.38 * w, x + 0.5 * w, base - r), paint!);
  for (const dx of [-0.3, 0.3]) {
    img.paint(ellipse(x + dx * w, base - r, r), tyre!);
    img.paint(ellipse(x + dx * w, base - r, r * 0.4), [0.6, 0.6, 0.6]);
  }
}

function drawStopSign(img: Raster, { x, base, size: h, colours: [red, white, metal] }: PlacedObject): void {
  const r = 0.27 * h;
  const cy = base - h + r;
  img.paint(segment(x, base, x, cy, Math.max(0.4, 0.035 * h)), metal!);
  img.paint(regularPolygon(x, cy, r, 8, Math.PI / 8), white!);
  img.paint(regularPolygon(x, cy, r * 0.84, 8, Math.PI / 8), red!);
  img.paint(rect(x - 0.55 * r, cy - 0.12 * r, x + 0.55 * r, cy + 0.12 * r), white!);
}

const LAMPS: readonly Colour[] = [
  [1, 0.12, 0.1],
  [1, 0.72, 0.05],
  [0.15, 0.95, 0.35],
];

function drawTrafficLight(img: Raster, { x, base, size: h, colours: [housing, pole], variant }: PlacedObject): void {
  const top = base - h;
  const bottom = base - 0.45 * h;
  img.paint(segment(x, base, x, bottom, Math.max(0.4, 0.03 * h)), pole!);
  img.paint(rect(x - 0.14 * h, top, x + 0.14 * h, bottom), housing!);
  LAMPS.forEach((lamp, k) => {
    const colour = k === variant ? lamp : lamp.map((v) => 0.12 + 0.25 * v);
    img.paint(ellipse(x, top + (bottom - top) * (0.18 + 0.32 * k), Math.max(0.5, 0.085 * h)), colour);
  });
}

/** An RGB colour from hue, saturation and value in [0, 1]. */
export function hsv(h: number, s: number, v: number): Colour {
  const f = (n: number) => {
    const k = (n + h * 6) % 6;
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [f(5), f(3), f(1)];
}
