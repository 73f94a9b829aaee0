import test from 'ava';
import { Random } from '../../src/util/random.js';
import { Raster } from '../../src/vision/raster.js';
import { ellipse, polygon, rect, segment } from '../../src/vision/region.js';
import { mean } from './helpers.js';

test('painting blends by coverage: half a pixel covered gives half the colour', (t) => {
  const img = new Raster(2, 2, 1, 4);
  img.fill([0.2]);
  img.paint(rect(0, 0, 1.5, 2), [1]);
  t.deepEqual(
    [...img.data].map((v) => Math.round(v * 1e6) / 1e6),
    [1, 0.6, 1, 0.6],
  );
  const sampled = new Raster(2, 2, 1, 4);
  sampled.paint(
    polygon([
      [0, 0],
      [1.5, 0],
      [1.5, 2],
      [0, 2],
    ]),
    [1],
  );
  t.deepEqual([...sampled.data], [1, 0.5, 1, 0.5], 'a polygon (supersampled) agrees with the exact box');
  const tiny = new Raster(1, 1, 1);
  tiny.paint(rect(0.25, 0.5, 0.75, 0.75), [1]);
  t.is(tiny.data[0], 0.125);
});

test('a painted disc covers about pi r^2 pixels, with soft edges', (t) => {
  const img = new Raster(32, 32, 3, 4);
  img.fill([0, 0, 0]);
  img.paint(ellipse(16, 16, 7), [1, 0.5, 0]);
  let red = 0;
  let partial = 0;
  for (let i = 0; i < 32 * 32; i++) {
    red += img.data[i * 3]!;
    if (img.data[i * 3]! > 0 && img.data[i * 3]! < 1) partial++;
    t.is(img.data[i * 3 + 1], img.data[i * 3]! * 0.5);
  }
  t.true(Math.abs(red - Math.PI * 49) < 2, `area ${red}`);
  t.true(partial > 20, 'edges are anti-aliased');
});

test('thin strokes (0.8 px wide) still show in every pixel they cross', (t) => {
  const img = new Raster(1, 20, 1);
  img.paint(segment(0.5, 0.5, 19.5, 0.5, 0.4), [1]);
  t.true(
    [...img.data].every((v) => v > 0.5),
    [...img.data].join(' '),
  );
});

test('blur keeps a constant image constant and spreads a point symmetrically', (t) => {
  const flat = new Raster(8, 8, 1);
  flat.fill([0.3]);
  flat.blur(1.2);
  t.true([...flat.data].every((v) => Math.abs(v - 0.3) < 1e-6));
  const dot = new Raster(9, 9, 1);
  dot.data[4 * 9 + 4] = 1;
  dot.blur(1);
  t.true(Math.abs(dot.data[4 * 9 + 3]! - dot.data[4 * 9 + 5]!) < 1e-7);
  t.true(Math.abs(dot.data[3 * 9 + 4]! - dot.data[4 * 9 + 3]!) < 1e-7);
  t.true(dot.data[4 * 9 + 4]! < 0.5 && dot.data[4 * 9 + 3]! > 0.05);
  t.true(Math.abs(dot.data.reduce((a, b) => a + b, 0) - 1) < 1e-4);
});

test('noise is Gaussian with the requested spread and clip keeps values in [0, 1]', (t) => {
  const img = new Raster(128, 128, 1);
  img.fill([0.5]);
  img.addNoise(0.1, new Random(3));
  const m = mean(img.data);
  const sd = Math.sqrt(mean(img.data.map((v) => (v - m) ** 2)));
  t.true(Math.abs(m - 0.5) < 0.005 && Math.abs(sd - 0.1) < 0.005, `mean ${m} sd ${sd}`);
  const within = (k: number) => mean(img.data.map((v) => (Math.abs(v - 0.5) < k * 0.1 ? 1 : 0)));
  t.true(Math.abs(within(1) - 0.6827) < 0.01 && Math.abs(within(2) - 0.9545) < 0.005, `${within(1)} ${within(2)}`);
  t.true(Math.max(...img.data) > 0.5 + 0.3, 'tails reach past 3 sigma');
  img.addNoise(2, new Random(4));
  img.clip();
  t.true(img.data.every((v) => v >= 0 && v <= 1));
  t.deepEqual(img.toItem().shape, [128, 128, 1]);
});
