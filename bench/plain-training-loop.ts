/**
 * A plain tfjs training loop with no concertina code: the same MLP shape as bench/ablation-parallel.ts
 * on random data, wasm backend. That benchmark runs it in one process and in two at once to measure
 * what the machine itself gives two concurrent training processes. Prints the seconds it took.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend/select-backend.js';

await selectBackend('wasm');
const n = 4800;
const x = tf.randomUniform([n, 64], -1, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([n], 0, 10, 'int32', 2), 10);
const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [64], units: 256, activation: 'relu' }),
    tf.layers.dense({ units: 256, activation: 'relu' }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
const t0 = performance.now();
await model.fit(x, y, { epochs: Number(process.argv[2] ?? 40), batchSize: 64, verbose: 0 });
console.log(((performance.now() - t0) / 1000).toFixed(3));
