import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { ctcLoss, type CtcReduction } from '../../src/ctc/ctc-loss.js';
import { bruteForceLoss, smallLogits, gradient } from './helpers.js';

test.before(async () => {
  await tf.setBackend('cpu');
});

const C = 3;
// Distinct tokens (blank-skipping transitions), a repeat (no skip allowed) and a single token.
const seqs = [smallLogits(5, C, 41, 0.5), smallLogits(4, C, 42, 0.5), smallLogits(3, C, 43, 0.5)].map((s) =>
  s.map((r) => r.map(Math.fround)),
);
const labels = [[1, 2], [1, 1], [2]];
const lengths = [5, 4, 3];
const maxT = 5;
const padded = seqs.map((s) => [...s, ...Array.from({ length: maxT - s.length }, () => [9, -9, 4])]);

/** The reduced loss by brute force in float64, on logits given as a padded batch. */
function reference(x: number[][][], reduction: Exclude<CtcReduction, 'none'>): number {
  const per = x.map((s, b) => bruteForceLoss(s.slice(0, lengths[b]), labels[b]!));
  const w = (b: number): number =>
    reduction === 'sum' ? 1 : reduction === 'mean' ? 1 / x.length : 1 / (x.length * Math.max(1, labels[b]!.length));
  return per.reduce((acc, l, b) => acc + w(b) * l, 0);
}

for (const reduction of ['sum', 'mean', 'mean-per-label'] as const) {
  test(`gradient matches float64 central differences of the brute-force loss (${reduction})`, (t) => {
    const x = tf.tensor3d(padded);
    const g = tf.tidy(() => gradient((z) => ctcLoss(z, labels, lengths, { reduction }), x).arraySync());
    x.dispose();
    // h = 1e-4 in float64: truncation ~h^2 * f''' ~ 1e-8, rounding ~1e-16 / h ~ 1e-12. Our gradient is
    // float64 arithmetic stored as float32 (~6e-8 relative), so 1e-6 absolute bounds both sides.
    const h = 1e-4;
    let worst = 0;
    for (let b = 0; b < padded.length; b++) {
      for (let tt = 0; tt < maxT; tt++) {
        for (let k = 0; k < C; k++) {
          const at = (d: number): number => {
            const y = padded.map((s) => s.map((r) => r.slice()));
            y[b]![tt]![k]! += d;
            return reference(y, reduction);
          };
          const fd = (at(h) - at(-h)) / (2 * h);
          const got = g[b]![tt]![k]!;
          if (tt >= lengths[b]!) t.is(got, 0, `padded frame ${b},${tt},${k}`);
          worst = Math.max(worst, Math.abs(got - fd));
        }
      }
    }
    t.log(`largest |analytic - numeric| = ${worst}`);
    t.true(worst < 1e-6, `largest |analytic - numeric| = ${worst}`);
  });
}

test('gradient of per-example losses (reduction none) is scaled by the upstream gradient', (t) => {
  const x = tf.tensor3d(padded);
  const dy = [0.5, -2, 3];
  const g = tf.tidy(() =>
    gradient((z) => tf.sum(tf.mul(ctcLoss(z, labels, lengths, { reduction: 'none' }), tf.tensor1d(dy))), x).arraySync(),
  );
  const gs = tf.tidy(() => gradient((z) => ctcLoss(z, labels, lengths, { reduction: 'sum' }), x).arraySync());
  x.dispose();
  for (let b = 0; b < dy.length; b++) {
    g[b]!.flat().forEach((v, i) => t.true(Math.abs(v - dy[b]! * gs[b]!.flat()[i]!) < 1e-6));
  }
});

test('gradient matches float32 central differences through the tensor API', (t) => {
  // Finite differences of the float32 loss itself: h = 1e-2 keeps the output rounding (~3e-7 / 2h ~ 2e-5)
  // and truncation (h^2 ~ 1e-4 times a third derivative of order 1) below the 2e-3 tolerance.
  const x = tf.tensor3d(padded);
  const g = tf.tidy(() => gradient((z) => ctcLoss(z, labels, lengths, { reduction: 'sum' }), x).dataSync());
  const h = 1e-2;
  const base = x.dataSync();
  let worst = 0;
  for (let i = 0; i < base.length; i++) {
    const at = (d: number): number =>
      tf.tidy(() => {
        const y = Float32Array.from(base);
        y[i]! += d;
        return ctcLoss(tf.tensor3d(y, x.shape), labels, lengths, { reduction: 'sum' }).dataSync()[0]!;
      });
    worst = Math.max(worst, Math.abs(g[i]! - (at(h) - at(-h)) / (2 * h)));
  }
  x.dispose();
  t.log(`largest |analytic - numeric| = ${worst}`);
  t.true(worst < 2e-3, `largest |analytic - numeric| = ${worst}`);
});
