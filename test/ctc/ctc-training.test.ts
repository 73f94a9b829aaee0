import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { ctcLoss } from '../../src/ctc/ctc-loss.js';
import { greedyDecodeBatch } from '../../src/ctc/greedy-decode.js';
import { Random } from '../../src/util/random.js';

test.before(async () => {
  await tf.setBackend('cpu');
});

test('a dense layer on fixed random features learns to emit the target sequences with ctcLoss and Adam', (t) => {
  const rng = new Random(7);
  const B = 2;
  const T = 12;
  const F = 8;
  const C = 5;
  const labels = [
    [1, 2, 2, 3],
    [4, 1],
  ];
  const lengths = [12, 9]; // the second example is padded by 3 frames
  const features = tf.tensor3d(
    Array.from({ length: B * T * F }, () => rng.normal()),
    [B, T, F],
  );
  const w = tf.tidy(() => tf.variable(tf.randomNormal([F, C], 0, 0.1, 'float32', 3)));
  const bias = tf.tidy(() => tf.variable(tf.zeros([C])));
  const logits = (): tf.Tensor3D => tf.add(tf.reshape(tf.matMul(tf.reshape(features, [B * T, F]), w), [B, T, C]), bias);
  const optimizer = tf.train.adam(0.05);
  const lossAt = (): number => tf.tidy(() => ctcLoss(logits(), labels, lengths).dataSync()[0]!);
  const initial = lossAt();
  const before = tf.memory().numTensors;
  for (let step = 0; step < 300; step++) optimizer.minimize(() => ctcLoss(logits(), labels, lengths));
  // Adam's moment variables are created on the first step; after that nothing may accumulate.
  const afterWarmup = tf.memory().numTensors;
  for (let step = 0; step < 20; step++) optimizer.minimize(() => ctcLoss(logits(), labels, lengths));
  t.is(tf.memory().numTensors, afterWarmup);
  t.true(afterWarmup - before <= 4, 'only optimizer state was added');
  const final = lossAt();
  t.log(`loss ${initial.toFixed(3)} -> ${final.toFixed(4)}`);
  t.true(final < 0.1 * initial, `loss ${initial} -> ${final}`);
  const logProbs = tf.tidy(() => tf.logSoftmax(logits()));
  const decoded = greedyDecodeBatch(logProbs.dataSync() as Float32Array, B, T, C, lengths);
  logProbs.dispose();
  t.deepEqual(decoded, labels);
  optimizer.dispose();
  tf.dispose([features, w, bias]);
});
