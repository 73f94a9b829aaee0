import test from 'ava';
import { makeWindow } from '../../src/features/window.js';

test('hamming, hann, povey and rectangular windows have their textbook values', (t) => {
  const h = makeWindow('hamming', 201);
  t.true(Math.abs(h[0]! - 0.08) < 1e-12 && Math.abs(h[200]! - 0.08) < 1e-12 && Math.abs(h[100]! - 1) < 1e-12);
  const n = makeWindow('hann', 5);
  [0, 0.5, 1, 0.5, 0].forEach((v, i) => t.true(Math.abs(n[i]! - v) < 1e-12));
  const p = makeWindow('povey', 5);
  [0, 0.5 ** 0.85, 1, 0.5 ** 0.85, 0].forEach((v, i) => t.true(Math.abs(p[i]! - v) < 1e-12));
  t.true(makeWindow('rectangular', 7).every((v) => v === 1));
  const w = makeWindow('hamming', 200);
  for (let i = 0; i < 100; i++) t.true(Math.abs(w[i]! - w[199 - i]!) < 1e-12, 'symmetric');
});

test('windows are cached; bad kinds and lengths are rejected', (t) => {
  t.is(makeWindow('hann', 64), makeWindow('hann', 64));
  t.deepEqual(Array.from(makeWindow('hamming', 1)), [1]);
  t.throws(() => makeWindow('blackman' as never, 8), { instanceOf: RangeError, message: /unknown window "blackman"/ });
  t.throws(() => makeWindow('hann', 0), { instanceOf: RangeError });
});
