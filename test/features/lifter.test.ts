import test from 'ava';
import { applyLifter, lifterWeights } from '../../src/features/lifter.js';

test('lifter weights are 1 + (L/2) sin(pi i / L); L = 0 disables', (t) => {
  const w = lifterWeights(23, 22);
  t.is(w[0], 1);
  t.true(Math.abs(w[11]! - 12) < 1e-12);
  t.true(Math.abs(w[22]! - 1) < 1e-12);
  t.true(Math.abs(lifterWeights(3, 22, 11)[0]! - 12) < 1e-12, 'offset indices');
  t.deepEqual(Array.from(lifterWeights(4, 0)), [1, 1, 1, 1]);
});

test('applyLifter scales the first columns of every row in place', (t) => {
  const data = Float32Array.from([1, 1, 1, 5, 2, 2, 2, 5]);
  applyLifter(data, 4, Float64Array.from([1, 2, 3]));
  t.deepEqual(Array.from(data), [1, 2, 3, 5, 2, 4, 6, 5]);
});
