/**
 * Cost of ctcLoss (forward, and forward + gradient) per batch against a forward + backward pass of a small
 * conv1d acoustic model on the same batch, measured in the same run, so we can tell whether CTC is the
 * bottleneck of training. The model is timed twice: with tf.conv1d (whose backward pass is very slow on the
 * pure-JS cpu backend) and written as unfold + matMul (same maths, matMul gradients), a fairer stand-in for
 * backends with fast convolutions. Run: node --import tsx bench/ctc.ts (takes a few minutes on the cpu backend).
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { ctcLoss } from '../src/ctc/ctc-loss.js';
import { Random } from '../src/util/random.js';

await tf.setBackend('cpu');

const B = 32;
const C = 40; // 39 phonemes + blank
const L = 20;
const F = 40; // feature channels into the model
const H = 64; // hidden channels
const K = 5; // kernel width

/** Median milliseconds of `runs` calls after `warmup` calls. */
function time(f: () => void, runs: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    ms.push(performance.now() - start);
  }
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** Forward + backward of `loss` w.r.t. all trainable variables, waiting for the gradients. */
function step(loss: () => tf.Scalar): void {
  const { value, grads } = tf.variableGrads(loss);
  for (const g of Object.values(grads)) g.dataSync();
  tf.dispose([value, ...Object.values(grads)]);
}

function bench(T: number, ctcRuns: number, convRuns: number): void {
  const rng = new Random(T);
  const labels = Array.from({ length: B }, () => Array.from({ length: L }, () => 1 + rng.int(C - 1)));
  const lengths = Array.from({ length: B }, () => T - rng.int(Math.floor(T / 5))); // a padded batch
  const logits = tf.tidy(() => tf.mul(tf.randomNormal([B, T, C], 0, 1, 'float32', 1), 3)) as tf.Tensor3D;
  const features = tf.randomNormal([B, T, F], 0, 1, 'float32', 2) as tf.Tensor3D;
  // The model: conv (kernel 5, F -> 64) + relu, then a per-frame projection to C.
  const w1 = tf.tidy(() => tf.variable(tf.randomNormal([K, F, H], 0, 0.1, 'float32', 3)));
  const w2 = tf.tidy(() => tf.variable(tf.randomNormal([1, H, C], 0, 0.1, 'float32', 4)));
  const conv = (): tf.Tensor3D =>
    tf.conv1d(tf.relu(tf.conv1d(features, w1 as tf.Tensor3D, 1, 'same')), w2 as tf.Tensor3D, 1, 'same');
  const unfolded = (): tf.Tensor3D => {
    const padded = tf.pad(features, [
      [0, 0],
      [(K - 1) / 2, (K - 1) / 2],
      [0, 0],
    ]);
    const cols = tf.concat(
      Array.from({ length: K }, (_, k) => tf.slice(padded, [0, k, 0], [B, T, F])),
      2,
    );
    const h = tf.relu(tf.matMul(tf.reshape(cols, [B * T, K * F]), tf.reshape(w1, [K * F, H])));
    return tf.reshape(tf.matMul(h, tf.reshape(w2, [H, C])), [B, T, C]);
  };
  const mse = (model: () => tf.Tensor3D) => (): tf.Scalar => tf.mean(tf.square(model()));

  const ctcForward = time(() => tf.tidy(() => void ctcLoss(logits, labels, lengths).dataSync()), ctcRuns, 2);
  const ctcBoth = time(
    () => {
      const { value, grad } = tf.valueAndGrad((x: tf.Tensor3D) => ctcLoss(x, labels, lengths))(logits);
      grad.dataSync();
      tf.dispose([value, grad]);
    },
    ctcRuns,
    2,
  );
  const convBoth = time(() => step(mse(conv)), convRuns, T <= 100 ? 1 : 0);
  const unfoldBoth = time(() => step(mse(unfolded)), 3, 1);
  const together = time(() => step(() => ctcLoss(unfolded(), labels, lengths)), 3, 0);

  const ms = (x: number): string => `${x.toFixed(1).padStart(9)} ms/batch`;
  console.log(
    `B=${B} T=${T} C=${C} L=${L} (cpu backend; CTC median of ${ctcRuns}, tf.conv1d of ${convRuns}, unfold of 3)`,
  );
  console.log(`  ctcLoss forward              ${ms(ctcForward)}`);
  console.log(`  ctcLoss forward + gradient   ${ms(ctcBoth)}`);
  console.log(`  model fwd + bwd, tf.conv1d   ${ms(convBoth)}   ctc / model = ${(ctcBoth / convBoth).toFixed(4)}`);
  console.log(`  model fwd + bwd, unfold      ${ms(unfoldBoth)}   ctc / model = ${(ctcBoth / unfoldBoth).toFixed(4)}`);
  console.log(
    `  unfold model + ctc step      ${ms(together)}   ctc share ~ ${((100 * ctcBoth) / together).toFixed(1)}%`,
  );
  tf.dispose([logits, features, w1, w2]);
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (ratios are measured in the same run)`,
);
bench(100, 10, 2);
bench(1000, 5, 1);
console.log(`tensors alive at the end: ${tf.memory().numTensors}`);
