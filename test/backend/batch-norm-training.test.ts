import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { withStockBatchNorm } from '../../src/backend/batch-norm-training.js';
import { normals, onBackend, relErr } from './helpers.js';

const TOL = 1e-5;

/** conv1d -> BatchNorm -> dense, seeded, so both paths start from the same weights. */
function model(): tf.LayersModel {
  const input = tf.input({ shape: [null, 6] });
  let x = tf.layers
    .conv1d({
      filters: 8,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ momentum: 0.9 }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(x);
  return tf.model({ inputs: input, outputs: out as tf.SymbolicTensor });
}

/** Loss and gradients of one batch, plus the moving statistics after it. */
function gradients(m: tf.LayersModel, seed: number): { loss: number; grads: Float32Array[]; moving: Float32Array[] } {
  return tf.tidy(() => {
    const x = tf.tensor3d(normals(3 * 11 * 6, seed, 2), [3, 11, 6]);
    const target = tf.tensor3d(normals(3 * 11 * 4, seed + 1), [3, 11, 4]);
    const vars = m.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => {
      const y = m.apply(x, { training: true }) as tf.Tensor;
      return tf.mean(tf.square(tf.sub(tf.sin(y), target))) as tf.Scalar;
    }, vars);
    const bn = m.layers.find((l) => l.getClassName() === 'BatchNormalization')!;
    return {
      loss: value.dataSync()[0]!,
      grads: vars.map((v) => grads[v.name]!.dataSync() as Float32Array),
      moving: bn.weights.slice(2).map((w) => w.read().dataSync() as Float32Array),
    };
  });
}

for (const backend of ['wasm', 'cpu'] as const) {
  test.serial(`BatchNorm's closed-form gradient equals tfjs' stock gradient on ${backend}`, async (t) => {
    await onBackend(backend, () => {
      const a = model();
      const b = model();
      b.setWeights(a.getWeights());
      const before = tf.memory().numTensors;
      const ours = gradients(a, 5);
      const stock = withStockBatchNorm(() => gradients(b, 5));
      t.is(tf.memory().numTensors, before);
      t.true(Math.abs(ours.loss - stock.loss) <= TOL * (1 + Math.abs(stock.loss)));
      t.is(ours.grads.length, stock.grads.length);
      ours.grads.forEach((g, i) =>
        t.true(relErr(g, stock.grads[i]!) < TOL, `gradient ${i}: ${relErr(g, stock.grads[i]!)}`),
      );
      ours.moving.forEach((g, i) => t.true(relErr(g, stock.moving[i]!) < TOL, `moving statistic ${i}`));
      a.dispose();
      b.dispose();
    });
  });
}

test.serial('a few Adam steps give the same losses through either BatchNorm path', async (t) => {
  await onBackend('wasm', () => {
    const run = (): number[] => {
      const m = model();
      const opt = tf.train.adam(0.01);
      const losses: number[] = [];
      for (let step = 0; step < 5; step++) {
        losses.push(
          tf.tidy(() => {
            const x = tf.tensor3d(normals(4 * 9 * 6, 10 + step, 2), [4, 9, 6]);
            const target = tf.tensor3d(normals(4 * 9 * 4, 20 + step), [4, 9, 4]);
            const loss = opt.minimize(() => {
              const y = m.apply(x, { training: true }) as tf.Tensor;
              return tf.mean(tf.square(tf.sub(y, target))) as tf.Scalar;
            }, true)!;
            return loss.dataSync()[0]!;
          }),
        );
      }
      opt.dispose();
      m.dispose();
      return losses;
    };
    const ours = run();
    const stock = withStockBatchNorm(run);
    t.true(relErr(ours, stock) < 1e-5, `${ours.join(' ')} vs ${stock.join(' ')}`);
  });
});
