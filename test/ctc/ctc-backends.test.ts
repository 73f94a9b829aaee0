import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ctcLoss } from '../../src/ctc/ctc-loss.js';
import { batch, f32, gradient, smallLogits } from './helpers.js';

// ctcLoss reads logits through dataSync, so it must give the same loss and gradient on any backend;
// wasm is the second backend available under Node here (its data lives outside the JS heap).
test('ctcLoss gives the same loss and gradient on the wasm backend as on cpu', async (t) => {
  const x = batch([f32(smallLogits(6, 4, 51)), f32(smallLogits(4, 4, 52))], 6, 4);
  const labels = [[1, 2, 2], [3]];
  const run = async (backend: string): Promise<{ loss: number[]; grad: number[] }> => {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => {
      const logits = tf.tensor3d(x);
      return {
        loss: Array.from(ctcLoss(logits, labels, [6, 4], { reduction: 'none' }).dataSync()),
        grad: Array.from(gradient((z) => ctcLoss(z, labels, [6, 4]), logits).dataSync()),
      };
    });
    t.is(tf.memory().numTensors, before, `${backend}: no leak`);
    return out;
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  t.is(tf.getBackend(), 'wasm');
  // Same float64 arithmetic on the same float32 inputs: only the final products may round differently.
  cpu.loss.forEach((v, i) => t.true(Math.abs(v - wasm.loss[i]!) < 1e-6));
  cpu.grad.forEach((v, i) => t.true(Math.abs(v - wasm.grad[i]!) < 1e-6));
});
