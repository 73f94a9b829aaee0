import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { fusedAdam, FusedAdamOptimizer } from '../../src/train/fused-adam.js';
import { makeOptimizer } from '../../src/train/optimizer.js';
import { normals, onBackend } from '../backend/helpers.js';

/** Weights and optimizer state after a few steps of a small dense model trained by `opt`. */
function train(opt: tf.Optimizer): { weights: number[][] } {
  const ws = [tf.variable(tf.tensor2d(normals(5 * 4, 1), [5, 4])), tf.variable(tf.tensor1d(normals(4, 2)))];
  for (let step = 0; step < 6; step++) {
    tf.tidy(() => {
      const x = tf.tensor2d(normals(8 * 5, 10 + step, 3), [8, 5]);
      const y = tf.tensor2d(normals(8 * 4, 20 + step), [8, 4]);
      opt.minimize(() => tf.mean(tf.square(tf.sub(tf.tanh(tf.add(tf.matMul(x, ws[0]!), ws[1]!)), y))) as tf.Scalar);
    });
  }
  const weights = ws.map((w) => Array.from(w.dataSync()));
  ws.forEach((w) => w.dispose());
  return { weights };
}

test.serial('the fused Adam update gives tfjs Adam bit for bit on wasm, and leaks nothing more', async (t) => {
  await onBackend('wasm', async () => {
    const leftBehind = (opt: tf.Optimizer) => {
      const before = tf.memory().numTensors;
      train(opt);
      opt.dispose();
      return tf.memory().numTensors - before;
    };
    // tfjs' own Adam leaves one tensor behind after dispose(); the fused one must not add to it.
    t.is(leftBehind(fusedAdam(0.01)), leftBehind(tf.train.adam(0.01)));
    const stock = tf.train.adam(0.01);
    const fused = fusedAdam(0.01);
    t.deepEqual(train(fused).weights, train(stock).weights);
    const [sa, sb] = await Promise.all([stock.getWeights(), fused.getWeights()]);
    t.deepEqual(
      sb.map((w) => [w.name.split('/').pop(), Array.from(w.tensor.dataSync())]),
      sa.map((w) => [w.name.split('/').pop(), Array.from(w.tensor.dataSync())]),
    );
    stock.dispose();
    fused.dispose();
  });
});

test.serial('on other backends the fused Adam is tfjs Adam; training settings make it', async (t) => {
  await onBackend('cpu', () => {
    t.deepEqual(train(fusedAdam(0.01)).weights, train(tf.train.adam(0.01)).weights);
  });
  const opt = makeOptimizer({ kind: 'adam', learningRate: 0.002 });
  t.true(opt instanceof FusedAdamOptimizer);
  t.is(opt.getClassName(), 'Adam');
  opt.dispose();
});
