import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { ctcLoss } from '../../src/ctc/ctc-loss.js';
import { CtcInputTooShortError, CtcLabelError } from '../../src/ctc/ctc-errors.js';
import { PipelineError } from '../../src/errors/pipeline-error.js';
import { batch, bruteForceLoss, close, f32, gradient, lossOf, smallLogits } from './helpers.js';

test.before(async () => {
  await tf.setBackend('cpu');
});

test('tooShort: error (default) names the example, its lengths and repeats and suggests fixes', (t) => {
  const C = 3;
  const x = tf.tensor3d(batch([f32(smallLogits(5, C)), f32(smallLogits(3, C))], 5, C));
  const before = tf.memory().numTensors;
  const err = t.throws(() => ctcLoss(x, [[1], [1, 1, 2]], [5, 3]), { instanceOf: CtcInputTooShortError });
  t.is(tf.memory().numTensors, before);
  x.dispose();
  t.true(err instanceof PipelineError);
  t.regex(err!.message, /batch example 1/);
  t.regex(err!.message, /input length 3 frames/);
  t.regex(err!.message, /label length 3 with 1 repeat needs at least 4 frames/);
  t.regex(err!.hint!, /downsample less/);
  t.regex(err!.hint!, /tooShort: 'zero'/);
  t.like(err, { batchIndex: 1, inputLength: 3, labelLength: 3, repeats: 1 });
});

test("tooShort: 'infinity' and 'zero' per example, loss and gradient", (t) => {
  const C = 3;
  const seqs = [f32(smallLogits(5, C, 7)), f32(smallLogits(3, C, 8))];
  const x = tf.tensor3d(batch(seqs, 5, C));
  const labels = [
    [2, 1],
    [1, 1, 2],
  ];
  const good = bruteForceLoss(seqs[0]!, [2, 1]);
  const inf = lossOf(batch(seqs, 5, C), labels, [5, 3], { tooShort: 'infinity' });
  t.true(close(inf[0]!, good));
  t.is(inf[1], Infinity);
  const zero = lossOf(batch(seqs, 5, C), labels, [5, 3], { tooShort: 'zero' });
  t.true(close(zero[0]!, good));
  t.is(zero[1], 0);
  for (const tooShort of ['infinity', 'zero'] as const) {
    const g = tf.tidy(() => gradient((z) => ctcLoss(z, labels, [5, 3], { tooShort, reduction: 'sum' }), x).arraySync());
    t.true(
      g[1]!.flat().every((v) => v === 0),
      `${tooShort}: no gradient from the impossible example`,
    );
    t.true(g[0]!.flat().some((v) => Math.abs(v) > 1e-3) && g[0]!.flat().every(Number.isFinite));
  }
  // Mean over the batch still divides by B: 'zero' examples count as 0, as PyTorch's zero_infinity does.
  t.true(
    close(
      tf.tidy(() => ctcLoss(x, labels, [5, 3], { tooShort: 'zero' }).dataSync()[0]!),
      good / 2,
    ),
  );
  x.dispose();
});

test('bad labels, blanks and lengths raise CtcLabelError with what is wrong', (t) => {
  const x = tf.tensor3d(batch([f32(smallLogits(4, 3))], 4, 3));
  const cases: Array<[() => unknown, RegExp]> = [
    [() => ctcLoss(x, [[1, 0]], [4]), /label of batch example 0 holds the blank index 0 at position 1/],
    [() => ctcLoss(x, [[3]], [4]), /token 3 at position 0, outside the 3 output classes \(0\.\.2\)/],
    [() => ctcLoss(x, [[1.5]], [4]), /token 1\.5/],
    [() => ctcLoss(x, [[1]], [5]), /input length 5 of batch example 0 is not an integer in 0\.\.4/],
    [() => ctcLoss(x, [[1], [2]], [4, 4]), /batch of 1 examples but 2 labels and 2 input lengths/],
    [() => ctcLoss(x, [[1]], [4], { blank: 3 }), /blank index 3 is not a class index: there are 3 classes/],
    [() => ctcLoss(x, [[2, 1]], [4], { blank: 2 }), /holds the blank index 2 at position 0/],
  ];
  for (const [f, re] of cases) {
    const err = t.throws(f, { instanceOf: CtcLabelError });
    t.regex(err!.message, re);
  }
  x.dispose();
});
