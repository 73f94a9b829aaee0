import test from 'ava';
import { appendDeltaColumns, computeDeltas } from '../../src/features/deltas.js';

// Column 0 is t^2 for t = 1..5; column 1 is constant. Hand-computed with edges replicated:
// N = 1: d_t = (c[t+1] - c[t-1]) / 2        -> (4-1)/2, (9-1)/2, (16-4)/2, (25-9)/2, (25-16)/2
// N = 2: d_t = (c[t+1] - c[t-1] + 2 (c[t+2] - c[t-2])) / 10
//        t0: (4-1) + 2(9-1) = 19; t1: (9-1) + 2(16-1) = 38; t2: (16-4) + 2(25-1) = 60;
//        t3: (25-9) + 2(25-4) = 58; t4: (25-16) + 2(25-9) = 41
const m = { data: Float32Array.from([1, 7, 4, 7, 9, 7, 16, 7, 25, 7]), numFrames: 5, dim: 2 };
const close = (a: Float32Array, b: number[]): boolean =>
  a.length === b.length && b.every((v, i) => Math.abs(a[i]! - v) < 1e-6);

test('window 1 deltas equal hand-computed values', (t) => {
  const d = computeDeltas(m, 1);
  t.true(close(d.data, [1.5, 0, 4, 0, 6, 0, 8, 0, 4.5, 0]), String(d.data));
});

test('window 2 deltas equal hand-computed values', (t) => {
  const d = computeDeltas(m, 2);
  t.true(close(d.data, [1.9, 0, 3.8, 0, 6, 0, 5.8, 0, 4.1, 0]), String(d.data));
});

test('a single frame has zero deltas; a window of 0 is rejected', (t) => {
  t.deepEqual(Array.from(computeDeltas({ data: Float32Array.from([3, 4]), numFrames: 1, dim: 2 }).data), [0, 0]);
  t.throws(() => computeDeltas(m, 0), { instanceOf: RangeError, message: /window must be a positive integer/ });
});

test(
  'appendDeltaColumns lays out statics, deltas, delta-deltas; ' + 'delta-deltas alone go right after the statics',
  (t) => {
    const stat = [1, 4, 9, 16, 25];
    const d1 = [1.5, 4, 6, 8, 4.5];
    const dd = [(4 - 1.5) / 2, (6 - 1.5) / 2, (8 - 4) / 2, (4.5 - 6) / 2, (4.5 - 8) / 2];
    const all = new Float32Array(15);
    stat.forEach((v, i) => (all[i * 3] = v));
    appendDeltaColumns(all, 5, 3, 1, true, true, 1);
    t.true(
      close(
        all,
        stat.flatMap((v, i) => [v, d1[i]!, dd[i]!]),
      ),
      String(all),
    );
    const ddOnly = new Float32Array(10);
    stat.forEach((v, i) => (ddOnly[i * 2] = v));
    appendDeltaColumns(ddOnly, 5, 2, 1, false, true, 1);
    t.true(
      close(
        ddOnly,
        stat.flatMap((v, i) => [v, dd[i]!]),
      ),
      String(ddOnly),
    );
  },
);
