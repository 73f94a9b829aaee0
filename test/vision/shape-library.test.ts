import test from 'ava';
import { Raster } from '../../src/vision/raster.js';
import { place } from '../../src/vision/region.js';
import { SHAPE_NAMES, isShapeName, unitShape, type ShapeName } from '../../src/vision/shape-library.js';

/** The shape drawn at radius 20 in the middle of a 64x64 mask. */
function mask(name: ShapeName): Float32Array {
  const img = new Raster(64, 64, 1);
  img.paint(place(unitShape(name), { cx: 32, cy: 32, scale: 20, angle: 0 }), [1]);
  return img.data;
}

test('ten shapes, each with an area comparable to the circle (ink alone cannot tell them apart)', (t) => {
  t.is(SHAPE_NAMES.length, 10);
  const circle = mask('circle').reduce((a, b) => a + b, 0);
  for (const name of SHAPE_NAMES) {
    const area = mask(name).reduce((a, b) => a + b, 0);
    t.true(area > circle * 0.45 && area < circle * 1.6, `${name}: ${area.toFixed(0)} vs circle ${circle.toFixed(0)}`);
  }
});

test('shapes stay within their bounds and no two shapes look alike', (t) => {
  const masks = SHAPE_NAMES.map(mask);
  for (const [i, a] of masks.entries()) {
    const [x0, y0, x1, y1] = place(unitShape(SHAPE_NAMES[i]!), { cx: 32, cy: 32, scale: 20, angle: 0 }).bounds;
    t.true(
      x0 >= 32 - 20 * 1.35 && x1 <= 32 + 20 * 1.35 && y0 >= 32 - 20 * 1.35 && y1 <= 32 + 20 * 1.35,
      SHAPE_NAMES[i],
    );
    for (let j = i + 1; j < masks.length; j++) {
      const b = masks[j]!;
      let inter = 0;
      let uni = 0;
      for (let k = 0; k < a.length; k++) {
        inter += Math.min(a[k]!, b[k]!);
        uni += Math.max(a[k]!, b[k]!);
      }
      t.true(inter / uni < 0.85, `${SHAPE_NAMES[i]} vs ${SHAPE_NAMES[j]}: IoU ${(inter / uni).toFixed(2)}`);
    }
  }
});

test('isShapeName knows the library', (t) => {
  t.true(isShapeName('heart'));
  t.false(isShapeName('hexagon'));
});
