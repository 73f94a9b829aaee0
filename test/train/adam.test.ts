import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { Adam } from '../../src/train/adam.js';
import { ADAM_UPDATE, adamLoop } from '../../src/backend/wasm-kernels/adam-update.js';
import { WASM_BASE64 } from '../../src/backend/wasm-kernels/adam-update-wasm.js';
import { repoRoot } from '../helpers/cli.js';
import { backendBuffers, normals, onBackend } from '../backend/helpers.js';

const SHAPES: number[][] = [[7, 5], [5], [3, 4, 2], [300]];
let runs = 0;

/** Variables with seeded values and a loss whose gradients vary from step to step. */
function problem() {
  const id = runs++;
  const vars = SHAPES.map((s, k) =>
    tf.tidy(() => tf.variable(tf.tensor(normals(tf.util.sizeFromShape(s), 10 + k), s), true, `adam-test-${id}-${k}`)),
  );
  const targets = SHAPES.map((s, k) => tf.tensor(normals(tf.util.sizeFromShape(s), 20 + k), s));
  const step = (opt: tf.Optimizer) =>
    tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => tf.addN(vars.map((v, k) => tf.sum(tf.mul(tf.sin(tf.mul(v, 3)), targets[k]!)))) as tf.Scalar,
        vars,
      );
      opt.applyGradients(grads);
    });
  const values = () => vars.map((v) => Array.from(v.dataSync()));
  const dispose = () => tf.dispose([...vars, ...targets]);
  return { step, values, dispose };
}

/** Final weights after `steps` steps; `resumeAt` saves the optimizer there and continues in a fresh one. */
async function train(make: () => tf.Optimizer, steps: number, resumeAt?: number): Promise<number[][]> {
  const p = problem();
  let opt = make();
  for (let s = 0; s < steps; s++) {
    if (s === resumeAt) {
      const saved = await opt.getWeights();
      const copies = saved.map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
      saved[0]!.tensor.dispose(); // the iteration count is a new tensor; the slots are the optimizer's own
      opt.dispose();
      opt = make();
      await opt.setWeights(copies);
      copies.forEach((c) => c.tensor.dispose());
    }
    p.step(opt);
  }
  const out = p.values();
  opt.dispose();
  p.dispose();
  return out;
}

for (const backend of ['wasm', 'cpu'] as const) {
  test.serial(`Adam equals tfjs's AdamOptimizer bit for bit on ${backend}`, async (t) => {
    await onBackend(backend, async () => {
      const ours = await train(() => new Adam(0.01), 40);
      const stock = await train(() => tf.train.adam(0.01), 40);
      t.deepEqual(ours, stock);
    });
  });

  test.serial(`Adam resumed from its weights continues bit for bit on ${backend}`, async (t) => {
    await onBackend(backend, async () => {
      const whole = await train(() => new Adam(0.01), 40);
      // 26 steps: a count where tfjs's pow(beta, t + 1) and the running float32 product differ (they agree at some)
      const resumed = await train(() => new Adam(0.01), 40, 26);
      t.deepEqual(resumed, whole);
    });
  });
}

test.serial('Adam leaks no tensor or buffer, resumed or not', async (t) => {
  await onBackend('wasm', async () => {
    await train(() => new Adam(0.01), 2); // first use allocates kernels' one-off state
    const tensors = tf.memory().numTensors;
    const buffers = backendBuffers();
    await train(() => new Adam(0.01), 5, 3);
    t.is(tf.memory().numTensors, tensors);
    t.is(backendBuffers(), buffers);
  });
});

test.serial(
  'the fused Adam step runs on wasm (one kernel per variable) and its bytes are those of the .wat',
  async (t) => {
    await onBackend('wasm', async () => {
      t.truthy(adamLoop(tf.backend() as BackendWasm), "the SIMD loop binds to the wasm backend's memory");
      const p = problem();
      const opt = new Adam(0.01);
      p.step(opt); // slots are created on the first step
      const profile = await tf.profile(() => p.step(opt));
      t.is(profile.kernels.filter((k) => k.name === ADAM_UPDATE).length, SHAPES.length);
      opt.dispose();
      p.dispose();
    });
    const { compileWat } = (await import(path.join(repoRoot, 'scripts/compile-wat.mjs'))) as {
      compileWat: (file: string) => Promise<Buffer>;
    };
    const fromWat = await compileWat(path.join(repoRoot, 'src/backend/wasm-kernels/adam-update.wat'));
    t.is(fromWat.toString('base64'), WASM_BASE64, 'run node scripts/compile-wat.mjs after editing the .wat');
  },
);
