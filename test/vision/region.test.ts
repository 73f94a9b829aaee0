import test from 'ava';
import {
  ellipse,
  implicit,
  intersect,
  place,
  polygon,
  rect,
  regularPolygon,
  segment,
  subtract,
  union,
} from '../../src/vision/region.js';

test('rectangles hold [x0, x1) x [y0, y1)', (t) => {
  const r = rect(1, 2, 3, 5);
  t.true(r.contains(1, 2));
  t.false(r.contains(3, 2));
  t.false(r.contains(2, 5));
  t.deepEqual(r.bounds, [1, 2, 3, 5]);
});

test('a rotated ellipse holds points along its long axis, its bounds hold it', (t) => {
  const e = ellipse(10, 10, 4, 1, Math.PI / 2);
  t.true(e.contains(10, 13.5));
  t.false(e.contains(13.5, 10));
  const [x0, y0, x1, y1] = e.bounds;
  t.true(Math.abs(x0 - 9) < 1e-9 && Math.abs(x1 - 11) < 1e-9 && Math.abs(y0 - 6) < 1e-9 && Math.abs(y1 - 14) < 1e-9);
});

test('polygons use the even-odd rule (a concave arrow)', (t) => {
  const arrow = polygon([
    [0, 0],
    [4, 0],
    [4, -2],
    [8, 1],
    [4, 4],
    [4, 2],
    [0, 2],
  ]);
  t.true(arrow.contains(2, 1));
  t.true(arrow.contains(6, 1));
  t.false(arrow.contains(2, 3));
  t.false(arrow.contains(9, 1));
});

test('stars have their points inside and the gaps between them outside', (t) => {
  const star = regularPolygon(0, 0, 10, 5, 0, 4);
  t.true(star.contains(0, -9.5), 'the top point');
  t.true(star.contains(0, 0));
  t.false(
    star.contains(Math.cos(-Math.PI / 2 + Math.PI / 5) * 8, Math.sin(-Math.PI / 2 + Math.PI / 5) * 8),
    'between two points',
  );
});

test('segments are capsules', (t) => {
  const s = segment(0, 0, 10, 0, 1);
  t.true(s.contains(5, 0.9));
  t.false(s.contains(5, 1.1));
  t.true(s.contains(-0.9, 0));
  t.false(s.contains(-1.1, 0));
});

test('union, difference and intersection combine regions', (t) => {
  const ring = subtract(ellipse(0, 0, 2), ellipse(0, 0, 1));
  t.false(ring.contains(0, 0));
  t.true(ring.contains(1.5, 0));
  const plus = union(rect(-3, -1, 3, 1), rect(-1, -3, 1, 3));
  t.true(plus.contains(2.5, 0) && plus.contains(0, 2.5));
  t.false(plus.contains(2.5, 2.5));
  const half = intersect(ellipse(0, 0, 2), rect(-2, 0, 2, 2));
  t.true(half.contains(0, 1));
  t.false(half.contains(0, -1));
  t.deepEqual(half.bounds, [-2, 0, 2, 2]);
  t.true(implicit([-1, -1, 1, 1], (x, y) => x * x + y * y - 1).contains(0.5, 0.5));
  t.false(implicit([-1, -1, 1, 1], (x, y) => x * x + y * y - 1).contains(0.9, 0.9));
});

test('placing a unit shape scales, rotates (clockwise on screen, y down) and moves it', (t) => {
  const bar = rect(0, -0.1, 1, 0.1);
  const placed = place(bar, { cx: 10, cy: 10, scale: 5, angle: Math.PI / 2 });
  t.true(placed.contains(10, 14), 'the bar now points down');
  t.false(placed.contains(14, 10));
  const [x0, y0, x1, y1] = placed.bounds;
  t.true(x0 <= 9.5 && x1 >= 10.5 && y0 <= 10 && y1 >= 15);
});
