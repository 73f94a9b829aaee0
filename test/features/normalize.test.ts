import test from 'ava';
import { normalizeFeatures, normalizeInPlace } from '../../src/features/normalize.js';
import { Random } from '../../src/util/random.js';

function randomMatrix(numFrames: number, dim: number): { data: Float32Array; numFrames: number; dim: number } {
  const r = new Random(11);
  return {
    data: Float32Array.from({ length: numFrames * dim }, (_, i) => 5 * (i % dim) + (1 + (i % dim)) * r.normal()),
    numFrames,
    dim,
  };
}

function columnStats(m: { data: Float32Array; numFrames: number; dim: number }): {
  mean: number[];
  variance: number[];
} {
  const mean = Array.from(
    { length: m.dim },
    (_, i) =>
      Array.from({ length: m.numFrames }, (_, t) => m.data[t * m.dim + i]!).reduce((a, b) => a + b, 0) / m.numFrames,
  );
  const variance = mean.map(
    (mu, i) =>
      Array.from({ length: m.numFrames }, (_, t) => (m.data[t * m.dim + i]! - mu) ** 2).reduce((a, b) => a + b, 0) /
      m.numFrames,
  );
  return { mean, variance };
}

test('cmvn gives every column zero mean and unit variance', (t) => {
  const { mean, variance } = columnStats(normalizeFeatures(randomMatrix(300, 5), 'cmvn'));
  mean.forEach((v) => t.true(Math.abs(v) < 1e-6, `mean ${v}`));
  variance.forEach((v) => t.true(Math.abs(v - 1) < 1e-5, `variance ${v}`));
});

test('cmn removes the mean and keeps the variance; none changes nothing', (t) => {
  const m = randomMatrix(300, 5);
  const before = columnStats(m);
  const after = columnStats(normalizeFeatures(m, 'cmn'));
  after.mean.forEach((v) => t.true(Math.abs(v) < 1e-5));
  after.variance.forEach((v, i) => t.true(Math.abs(v / before.variance[i]! - 1) < 1e-5));
  t.deepEqual(normalizeFeatures(m, 'none'), m);
});

test('constant columns and single frames become zeros, not NaN; normalizeInPlace returns its argument', (t) => {
  const m = { data: Float32Array.from([2, 1, 2, 5, 2, 9]), numFrames: 3, dim: 2 };
  const out = normalizeInPlace(m, 'cmvn');
  t.is(out, m);
  t.deepEqual([m.data[0], m.data[2], m.data[4]], [0, 0, 0]);
  t.deepEqual(
    Array.from(normalizeFeatures({ data: Float32Array.from([3, -4]), numFrames: 1, dim: 2 }, 'cmvn').data),
    [0, 0],
  );
  t.is(normalizeFeatures({ data: new Float32Array(0), numFrames: 0, dim: 4 }, 'cmvn').numFrames, 0);
});
