import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { ctcLogLikelihood } from '../../src/ctc/ctc-likelihood.js';
import { ctcLoss } from '../../src/ctc/ctc-loss.js';
import { CtcLabelError } from '../../src/ctc/ctc-errors.js';
import { batch, bruteForceLoss, close, f32, gradient, logSoftmaxRows, lossOf, smallLogits } from './helpers.js';

test.before(async () => {
  await tf.setBackend('cpu');
});

test('loss equals -log of the brute-force sum over all alignments (single examples)', (t) => {
  const cases: Array<{ T: number; C: number; label: number[] }> = [
    { T: 5, C: 3, label: [1] },
    { T: 5, C: 3, label: [1, 2] },
    { T: 5, C: 3, label: [1, 1] }, // repeat: needs a blank between the two 1s
    { T: 5, C: 3, label: [] }, // empty label: only the all-blank path
    { T: 5, C: 3, label: [2, 2, 1] },
    { T: 5, C: 3, label: [1, 2, 1] },
    { T: 4, C: 3, label: [1, 1, 2] }, // T = minimum length (3 tokens + 1 repeat): exactly one path
    { T: 3, C: 4, label: [1, 2, 3] }, // T = L, no repeats: one path
    { T: 6, C: 4, label: [3, 3, 3] }, // 3 + 2 repeats = 5 <= 6
    { T: 6, C: 4, label: [2, 1, 3] },
    { T: 1, C: 3, label: [] },
  ];
  for (const [i, { T, C, label }] of cases.entries()) {
    const logits = f32(smallLogits(T, C, i + 1));
    const [loss] = lossOf([logits], [label], [T]);
    const expected = bruteForceLoss(logits, label);
    t.true(Number.isFinite(expected));
    t.true(close(loss!, expected), `T=${T} C=${C} label=[${label}]: ${loss} vs brute force ${expected}`);
  }
});

test('a padded batch with different input and label lengths: each example uses only its true frames', (t) => {
  const C = 4;
  const seqs = [
    f32(smallLogits(6, C, 11)),
    f32(smallLogits(4, C, 12)),
    f32(smallLogits(3, C, 13)),
    f32(smallLogits(5, C, 14)),
  ];
  const labels = [[1, 2, 2], [3], [], [2, 1]];
  const lengths = seqs.map((s) => s.length);
  const losses = lossOf(batch(seqs, 6, C), labels, lengths);
  seqs.forEach((s, b) => t.true(close(losses[b]!, bruteForceLoss(s, labels[b]!)), `example ${b}`));
  // Other padding values give the same losses.
  t.deepEqual(lossOf(batch(seqs, 6, C, -5), labels, lengths), losses);
});

test('an example with no frames and an empty label has loss 0 and gradient 0', (t) => {
  const x = tf.tensor3d(batch([f32(smallLogits(3, 3, 61)), []], 3, 3));
  const labels = [[2], []];
  const losses = lossOf(x.arraySync(), labels, [3, 0]);
  t.true(Number.isFinite(losses[0]) && losses[0]! > 0);
  t.is(losses[1], 0);
  const g = tf.tidy(() => gradient((z) => ctcLoss(z, labels, [3, 0], { reduction: 'sum' }), x).arraySync());
  t.true(g[1]!.flat().every((v) => v === 0));
  t.true(g[0]!.flat().some((v) => v !== 0));
  x.dispose();
});

test('reductions: mean, sum, none and mean-per-label', (t) => {
  const C = 3;
  const seqs = [f32(smallLogits(5, C, 3)), f32(smallLogits(4, C, 4)), f32(smallLogits(5, C, 5))];
  const labels = [[1, 2], [2, 2], []];
  const lengths = [5, 4, 5];
  const x = batch(seqs, 5, C);
  const per = seqs.map((s, b) => bruteForceLoss(s, labels[b]!));
  const get = (reduction: 'mean' | 'sum' | 'mean-per-label'): number =>
    tf.tidy(() => ctcLoss(tf.tensor3d(x), labels, lengths, { reduction }).dataSync()[0]!);
  const sum = per.reduce((a, b) => a + b, 0);
  t.true(close(get('sum'), sum));
  t.true(close(get('mean'), sum / 3));
  // Label lengths 2, 2, 0: the empty label divides by 1 (as PyTorch clamps it).
  t.true(close(get('mean-per-label'), (per[0]! / 2 + per[1]! / 2 + per[2]!) / 3));
  const none = tf.tidy(() => ctcLoss(tf.tensor3d(x), labels, lengths, { reduction: 'none' }));
  t.deepEqual(none.shape, [3]);
  none.dispose();
  const mean = tf.tidy(() => ctcLoss(tf.tensor3d(x), labels, lengths));
  t.is(mean.rank, 0);
  mean.dispose();
});

test('ctcLogLikelihood scores a label on log-probabilities and agrees with brute force', (t) => {
  const T = 5;
  const C = 4;
  const lp = logSoftmaxRows(smallLogits(T, C, 21));
  const flat = Float64Array.from(lp.flat());
  for (const label of [[1, 3], [2, 2], [], [1, 2, 3]]) {
    // bruteForceLoss normalises again, which leaves log-probabilities unchanged.
    t.true(close(-ctcLogLikelihood(flat, T, C, label), bruteForceLoss(lp, label), 1e-12));
  }
  t.is(ctcLogLikelihood(Float32Array.from(lp.flat()), T, C, [1, 1, 1, 2]), -Infinity); // needs 6 frames
  t.is(ctcLogLikelihood(new Float32Array(0), 0, C, []), 0);
  const err = t.throws(() => ctcLogLikelihood(flat, T, C, [1, 0]), { instanceOf: CtcLabelError });
  t.regex(err!.message, /blank index 0 at position 1/);
});

test('a non-zero blank index works (blank = C - 1)', (t) => {
  const T = 5;
  const C = 3;
  const logits = f32(smallLogits(T, C, 31));
  const [loss] = lossOf([logits], [[0, 1]], [T], { blank: 2 });
  t.true(close(loss!, bruteForceLoss(logits, [0, 1], 2)));
});

/** ln of the binomial coefficient n choose k. */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

test('long input (T = 2000) stays finite and matches the closed form for uniform logits', (t) => {
  // With equal logits every path has probability C^-T and the label's alignments number
  // C(T + L - r, 2L) (r repeats): a count independent of the lattice code.
  const T = 2000;
  const C = 10;
  const label = Array.from({ length: 50 }, (_, i) => 1 + (Math.floor(i / 2) % 9)); // pairs: 25 repeats
  const r = 25;
  const [uniform] = lossOf([Array.from({ length: T }, () => new Array<number>(C).fill(0.25))], [label], [T]);
  const expected = T * Math.log(C) - logChoose(T + label.length - r, 2 * label.length);
  // The float32 output carries ~4000 * 6e-8 = 2.4e-4 of rounding; 1e-3 is above it.
  t.true(Math.abs(uniform! - expected) < 1e-3, `${uniform} vs ${expected}`);
  const [empty] = lossOf([Array.from({ length: T }, () => new Array<number>(C).fill(0))], [[]], [T]);
  t.true(Math.abs(empty! - T * Math.log(C)) < 1e-3);

  // Peaked random logits (scale 8): alpha spans thousands of nats, far beyond float64's exp range.
  const x = tf.tensor3d([smallLogits(T, C, 5, 8)]);
  const { value: v, grad: g } = tf.valueAndGrad((z: tf.Tensor3D) => ctcLoss(z, [label], [T], { reduction: 'sum' }))(x);
  const value = v.dataSync()[0]!;
  const grad = g.arraySync()[0]!;
  v.dispose();
  g.dispose();
  t.true(Number.isFinite(value) && value > 0, `loss ${value}`);
  // softmax and occupancy each sum to 1 per frame, so each frame's gradient sums to 0.
  const worst = Math.max(...grad.map((row) => Math.abs(row.reduce((a, b) => a + b, 0))));
  t.log(`largest per-frame gradient sum ${worst}, loss ${value}`);
  t.true(worst < 1e-5, `largest per-frame gradient sum ${worst}`);
  t.true(grad.flat().every(Number.isFinite));
  x.dispose();
});

test('no tensors leak across forward and gradient calls', (t) => {
  const x = tf.tensor3d(batch([f32(smallLogits(5, 3)), f32(smallLogits(4, 3))], 5, 3));
  const labels = [[1, 2], [2]];
  const run = (): void => {
    ctcLoss(x, labels, [5, 4]).dispose();
    tf.tidy(() => {
      ctcLoss(x, labels, [5, 4], { reduction: 'none' });
    });
    gradient((z) => ctcLoss(z, labels, [5, 4]), x).dispose();
    tf.tidy(() => {
      gradient(
        (z) =>
          ctcLoss(z, labels, [5, 4], { reduction: 'none' })
            .mul(tf.tensor1d([2, 3]))
            .sum(),
        x,
      );
    });
    const { value, grad } = tf.valueAndGrad((z: tf.Tensor3D) =>
      ctcLoss(z, labels, [5, 4], { reduction: 'mean-per-label' }),
    )(x);
    value.dispose();
    grad.dispose();
  };
  run();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) run();
  t.is(tf.memory().numTensors, before);
  x.dispose();
});
