/**
 * Regions of the plane (pixel coordinates, x right, y down; pixel (i, j) covers [i, i+1) x [j, j+1))
 * as inside tests with a bounding box, so a raster can paint any of them with anti-aliased edges.
 * Combinators build figures (a ring is a disc minus a disc) and place unit shapes in an image.
 */

/** Axis-aligned bounds [x0, y0, x1, y1]. */
export type Box = readonly [number, number, number, number];

/** A region: an inside test and a box that holds it. */
export interface Region {
  readonly bounds: Box;
  /** Set when the region is exactly its bounds (a raster then paints it with exact coverage). */
  readonly isBox?: boolean;
  contains(x: number, y: number): boolean;
}

export type Point = readonly [number, number];

/** The axis-aligned rectangle [x0, x1) x [y0, y1). */
export function rect(x0: number, y0: number, x1: number, y1: number): Region {
  return { bounds: [x0, y0, x1, y1], isBox: true, contains: (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1 };
}

/** An ellipse with radii rx, ry, rotated by `angle` radians. */
export function ellipse(cx: number, cy: number, rx: number, ry = rx, angle = 0): Region {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const ex = Math.sqrt((rx * c) ** 2 + (ry * s) ** 2);
  const ey = Math.sqrt((rx * s) ** 2 + (ry * c) ** 2);
  return {
    bounds: [cx - ex, cy - ey, cx + ex, cy + ey],
    contains(x, y) {
      const dx = x - cx;
      const dy = y - cy;
      const u = (dx * c + dy * s) / rx;
      const v = (-dx * s + dy * c) / ry;
      return u * u + v * v <= 1;
    },
  };
}

/** A simple polygon (even-odd rule). */
export function polygon(points: readonly Point[]): Region {
  const n = points.length;
  const px = Float64Array.from(points, (p) => p[0]);
  const py = Float64Array.from(points, (p) => p[1]);
  return {
    bounds: [Math.min(...px), Math.min(...py), Math.max(...px), Math.max(...py)],
    contains(x, y) {
      let inside = false;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const yi = py[i]!;
        const yj = py[j]!;
        if (yi > y !== yj > y && x < ((px[j]! - px[i]!) * (y - yi)) / (yj - yi) + px[i]!) inside = !inside;
      }
      return inside;
    },
  };
}

/** A regular polygon (or, with `inner`, a star of `corners` points) of circumradius r. */
export function regularPolygon(
  cx: number,
  cy: number,
  r: number,
  corners: number,
  rotation = 0,
  inner?: number,
): Region {
  const pts: Point[] = [];
  const n = inner === undefined ? corners : corners * 2;
  for (let k = 0; k < n; k++) {
    const a = rotation - Math.PI / 2 + (2 * Math.PI * k) / n;
    const rad = inner !== undefined && k % 2 === 1 ? inner : r;
    pts.push([cx + rad * Math.cos(a), cy + rad * Math.sin(a)]);
  }
  return polygon(pts);
}

/** A thick line segment with round ends (a capsule) of half-width `radius`. */
export function segment(ax: number, ay: number, bx: number, by: number, radius: number): Region {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy || 1e-12;
  return {
    bounds: [
      Math.min(ax, bx) - radius,
      Math.min(ay, by) - radius,
      Math.max(ax, bx) + radius,
      Math.max(ay, by) + radius,
    ],
    contains(x, y) {
      const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
      const px = ax + t * dx - x;
      const py = ay + t * dy - y;
      return px * px + py * py <= radius * radius;
    },
  };
}

/** The points where f(x, y) <= 0, within `bounds`. */
export function implicit(bounds: Box, f: (x: number, y: number) => number): Region {
  return {
    bounds,
    contains: (x, y) => x >= bounds[0] && x <= bounds[2] && y >= bounds[1] && y <= bounds[3] && f(x, y) <= 0,
  };
}

/** Points in any of the regions. */
export function union(...parts: readonly Region[]): Region {
  return {
    bounds: [
      Math.min(...parts.map((p) => p.bounds[0])),
      Math.min(...parts.map((p) => p.bounds[1])),
      Math.max(...parts.map((p) => p.bounds[2])),
      Math.max(...parts.map((p) => p.bounds[3])),
    ],
    contains(x, y) {
      for (const p of parts) if (p.contains(x, y)) return true;
      return false;
    },
  };
}

/** Points in `a` but not in `b`. */
export function subtract(a: Region, b: Region): Region {
  return { bounds: a.bounds, contains: (x, y) => a.contains(x, y) && !b.contains(x, y) };
}

/** Points in both regions. */
export function intersect(a: Region, b: Region): Region {
  const [ax0, ay0, ax1, ay1] = a.bounds;
  const [bx0, by0, bx1, by1] = b.bounds;
  return {
    bounds: [Math.max(ax0, bx0), Math.max(ay0, by0), Math.min(ax1, bx1), Math.min(ay1, by1)],
    contains: (x, y) => a.contains(x, y) && b.contains(x, y),
  };
}

/** Where a unit shape goes: scaled by `scale`, rotated by `angle` radians, centred at (cx, cy). */
export interface Placement {
  readonly cx: number;
  readonly cy: number;
  readonly scale: number;
  readonly angle: number;
}

/** A region drawn in unit coordinates, placed in the image. */
export function place(unit: Region, p: Placement): Region {
  const c = Math.cos(p.angle);
  const s = Math.sin(p.angle);
  const [x0, y0, x1, y1] = unit.bounds;
  const corners = (
    [
      [x0, y0],
      [x1, y0],
      [x0, y1],
      [x1, y1],
    ] as const
  ).map(([u, v]) => [p.cx + p.scale * (u * c - v * s), p.cy + p.scale * (u * s + v * c)] as const);
  return {
    bounds: [
      Math.min(...corners.map((q) => q[0])),
      Math.min(...corners.map((q) => q[1])),
      Math.max(...corners.map((q) => q[0])),
      Math.max(...corners.map((q) => q[1])),
    ],
    contains(x, y) {
      const dx = (x - p.cx) / p.scale;
      const dy = (y - p.cy) / p.scale;
      return unit.contains(dx * c + dy * s, -dx * s + dy * c);
    },
  };
}
