import test from 'ava';
import { dct, dctMatrix } from '../../src/features/dct.js';
import { dctByDefinition } from './reference.js';

test('the DCT-II matrix is orthonormal', (t) => {
  const n = 26;
  const c = dctMatrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += c[i * n + k]! * c[j * n + k]!;
      t.true(Math.abs(dot - (i === j ? 1 : 0)) < 1e-12, `row ${i} . row ${j} = ${dot}`);
    }
  }
});

test('dct equals the definition, including an offset block of rows', (t) => {
  const x = Array.from({ length: 23 }, (_, i) => Math.sin(i * 1.3) + 0.1 * i);
  const ours = Array.from(dct(x, 13));
  dctByDefinition(x, 13).forEach((v, i) => t.true(Math.abs(ours[i]! - v) < 1e-12));
  const rows = dctMatrix(23, 5, 3);
  const full = dctMatrix(23, 23);
  t.deepEqual(Array.from(rows), Array.from(full.subarray(3 * 23, 8 * 23)));
  t.throws(() => dctMatrix(10, 8, 3), { instanceOf: RangeError });
});
