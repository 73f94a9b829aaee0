import { ellipse, implicit, intersect, polygon, rect, regularPolygon, subtract, union, type Region } from './region.js';

/** The geometric shapes the `shapes` dataset can draw, in a fixed order. */
export const SHAPE_NAMES = [
  'circle',
  'square',
  'triangle',
  'star',
  'cross',
  'ring',
  'arrow',
  'heart',
  'crescent',
  'semicircle',
] as const;

export type ShapeName = (typeof SHAPE_NAMES)[number];

/**
 * Each shape in unit coordinates (centred on the origin, about radius 1, y down), sized so that their
 * areas are comparable: the class cannot be told from the amount of ink alone.
 */
const UNIT: Record<ShapeName, Region> = {
  circle: ellipse(0, 0, 0.85),
  square: rect(-0.78, -0.78, 0.78, 0.78),
  triangle: regularPolygon(0, 0.15, 1.1, 3),
  star: regularPolygon(0, 0.05, 1.05, 5, 0, 0.45),
  cross: union(rect(-1, -0.3, 1, 0.3), rect(-0.3, -1, 0.3, 1)),
  ring: subtract(ellipse(0, 0, 1), ellipse(0, 0, 0.58)),
  arrow: polygon([
    [-1, -0.22],
    [0.15, -0.22],
    [0.15, -0.65],
    [1, 0],
    [0.15, 0.65],
    [0.15, 0.22],
    [-1, 0.22],
  ]),
  // The heart curve (x^2 + y^2 - 1)^3 - x^2 y^3 <= 0 (y up), flipped for y down and centred.
  heart: implicit([-1, -1, 1, 1], (x, y) => {
    const u = x * 1.2;
    const v = -(y * 1.2) + 0.15;
    return (u * u + v * v - 1) ** 3 - u * u * v ** 3;
  }),
  crescent: subtract(ellipse(0, 0, 1), ellipse(0.45, -0.15, 0.8)),
  semicircle: intersect(ellipse(0, -0.5, 1.25), rect(-1.3, -0.5, 1.3, 1)),
};

/** The unit region of a shape. */
export function unitShape(name: ShapeName): Region {
  return UNIT[name];
}

/** Whether `name` is a shape the library knows. */
export function isShapeName(name: string): name is ShapeName {
  return (SHAPE_NAMES as readonly string[]).includes(name);
}
