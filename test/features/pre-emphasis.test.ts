import test from 'ava';
import { preEmphasize } from '../../src/features/pre-emphasis.js';

test('pre-emphasis y[n] = x[n] - a x[n-1] with y[0] = x[0], also in place', (t) => {
  const x = Float64Array.from([1, 2, 4, 8]);
  t.deepEqual(Array.from(preEmphasize(x, 0.5, new Float64Array(4))), [1, 1.5, 3, 6]);
  t.deepEqual(Array.from(preEmphasize(x, 0, new Float64Array(4))), [1, 2, 4, 8]);
  preEmphasize(x, 0.5, x);
  t.deepEqual(Array.from(x), [1, 1.5, 3, 6]);
  t.throws(() => preEmphasize([1, 2, 3], 0.97, new Float64Array(2)), { instanceOf: RangeError });
});
