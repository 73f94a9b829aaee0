import test from 'ava';
import { Random } from '../../src/util/random.js';
import { Raster } from '../../src/vision/raster.js';
import { place } from '../../src/vision/region.js';
import { renderShape, sampleShapeLayout, type ShapeLayout } from '../../src/vision/shape-image.js';
import { SHAPE_NAMES, unitShape } from '../../src/vision/shape-library.js';
import { mean } from './helpers.js';

/** Pixels mostly inside (coverage > 0.9) and well outside (coverage 0, 2 px away) the drawn shape. */
function insideOutside(layout: ShapeLayout, size: number, data: Float32Array): { inside: number[]; outside: number[] } {
  const near = new Raster(size, size, 1);
  near.paint(place(unitShape(layout.shape), { ...layout, scale: layout.scale }), [1]);
  const wide = new Raster(size, size, 1);
  wide.paint(place(unitShape(layout.shape), { ...layout, scale: layout.scale + 2 }), [1]);
  const inside: number[] = [];
  const outside: number[] = [];
  for (let i = 0; i < data.length; i++) {
    if (near.data[i]! > 0.9) inside.push(data[i]!);
    else if (wide.data[i] === 0) outside.push(data[i]!);
  }
  return { inside, outside };
}

test('layouts keep the whole shape inside the image', (t) => {
  const rng = new Random(1);
  for (let k = 0; k < 300; k++) {
    const l = sampleShapeLayout(SHAPE_NAMES[k % 10]!, 28, 'plain', rng);
    const [x0, y0, x1, y1] = place(unitShape(l.shape), l).bounds;
    t.true(x0 >= 0 && y0 >= 0 && x1 <= 28 && y1 <= 28, `${l.shape} at ${[x0, y0, x1, y1].map((v) => v.toFixed(1))}`);
  }
});

test('plain: a bright shape on black; xray: a faint darker shape on a light film; values in [0, 1]', (t) => {
  for (const [k, name] of SHAPE_NAMES.entries()) {
    const rng = new Random(k);
    const plain = sampleShapeLayout(name, 28, 'plain', rng);
    const p = renderShape(plain, 'plain', 28, 0.05, rng);
    t.deepEqual(p.shape, [28, 28, 1]);
    t.true(p.data.every((v) => v >= 0 && v <= 1));
    const a = insideOutside(plain, 28, p.data);
    t.true(
      mean(a.inside) > 0.65 && mean(a.outside) < 0.06,
      `${name} plain: inside ${mean(a.inside)} outside ${mean(a.outside)}`,
    );

    const xray = sampleShapeLayout(name, 28, 'xray', rng);
    const x = renderShape(xray, 'xray', 28, 0.05, rng);
    t.true(x.data.every((v) => v >= 0 && v <= 1));
    const b = insideOutside(xray, 28, x.data);
    const contrast = mean(b.outside) - mean(b.inside);
    t.true(mean(b.outside) > 0.35, `${name} xray background ${mean(b.outside)}`);
    t.true(contrast > 0.05 && contrast < 0.3, `${name} xray contrast ${contrast}`);
  }
});
