import test from 'ava';
import { countFrames, frameLayout, frameSignal } from '../../src/features/framing.js';

test('window and hop in ms are rounded to samples', (t) => {
  t.deepEqual(frameLayout(8000, 25, 10), { frameLength: 200, hop: 80 });
  t.deepEqual(frameLayout(16000, 25, 10), { frameLength: 400, hop: 160 });
  t.deepEqual(frameLayout(22050, 25, 10), { frameLength: 551, hop: 221 });
  t.throws(() => frameLayout(8000, 0.01, 10), { instanceOf: RangeError, message: /shorter than one sample/ });
});

test("frame counts: 'end' pads to cover every sample, 'none' keeps whole frames", (t) => {
  const l = { frameLength: 200, hop: 80 };
  const cases: Array<[number, number, number]> = [
    [0, 0, 0],
    [1, 1, 0],
    [199, 1, 0],
    [200, 1, 1],
    [201, 2, 1],
    [280, 2, 2],
    [281, 3, 2],
    [4000, 49, 48],
  ];
  for (const [n, end, none] of cases) {
    t.is(countFrames(n, l, 'end'), end, `end, ${n} samples`);
    t.is(countFrames(n, l, 'none'), none, `none, ${n} samples`);
  }
});

test('frameSignal copies overlapping frames and zero-pads the last', (t) => {
  const x = Float32Array.from({ length: 10 }, (_, i) => i + 1);
  const f = frameSignal(x, { frameLength: 4, hop: 3 });
  t.is(f.numFrames, 3);
  t.deepEqual(Array.from(f.data), [1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10]);
  const g = frameSignal(x, { frameLength: 4, hop: 4 });
  t.deepEqual(Array.from(g.data.subarray(8)), [9, 10, 0, 0]);
  t.is(frameSignal(x, { frameLength: 4, hop: 4 }, 'none').numFrames, 2);
});
