import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { backendBuffers, ints, normals, onBackend, relErr } from './helpers.js';

// The same model, weights and batch on wasm and on cpu: loss gradients for every trainable weight, then
// the weights after 4 Adam and 4 SGD steps, must agree. Differences are float32 summation order
// (measured: at most 4e-7 relative, see the test logs); 1e-5 leaves headroom yet fails on any wrong kernel
// (the stock wasm MaxPoolGrad gave 3e-2 here).
const GRAD_TOL = 1e-5;
const STEP_TOL = 1e-5;
const L = tf.layers;

interface Case {
  name: string;
  build: () => tf.LayersModel;
  x: () => tf.Tensor;
  classes: number;
  batch: number;
}

const B = 4;
const floats = (shape: number[], seed: number) => () =>
  tf.tensor(
    normals(
      shape.reduce((a, b) => a * b),
      seed,
    ),
    shape,
  );

const CASES: Case[] = [
  {
    name: 'dense',
    build: () =>
      tf.sequential({
        layers: [
          L.dense({ inputShape: [12], units: 16, activation: 'relu' }),
          L.dense({ units: 8, activation: 'tanh' }),
          L.dense({ units: 3 }),
        ],
      }),
    x: floats([B, 12], 1),
    classes: 3,
    batch: B,
  },
  {
    name: 'conv1d (same/valid, strides, dilation) + pooling 1d',
    build: () =>
      tf.sequential({
        layers: [
          L.conv1d({ inputShape: [40, 3], filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' }),
          L.conv1d({ filters: 6, kernelSize: 4, strides: 2, padding: 'valid' }),
          L.conv1d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'tanh' }),
          L.maxPooling1d({ poolSize: 2 }),
          L.averagePooling1d({ poolSize: 2, padding: 'same' }),
          L.conv1d({ filters: 4, kernelSize: 2, dilationRate: 3, padding: 'valid' }),
          L.globalAveragePooling1d(),
          L.dense({ units: 3 }),
        ],
      }),
    x: floats([B, 40, 3], 2),
    classes: 3,
    batch: B,
  },
  {
    name: 'conv2d + pooling 2d',
    build: () =>
      tf.sequential({
        layers: [
          L.conv2d({
            inputShape: [9, 10, 2],
            filters: 4,
            kernelSize: 3,
            strides: 2,
            padding: 'same',
            activation: 'relu',
          }),
          L.maxPooling2d({ poolSize: 2, strides: 1, padding: 'same' }),
          L.conv2d({ filters: 3, kernelSize: [2, 3], padding: 'valid' }),
          L.averagePooling2d({ poolSize: 2 }),
          L.flatten(),
          L.dense({ units: 3 }),
        ],
      }),
    x: floats([B, 9, 10, 2], 3),
    classes: 3,
    batch: B,
  },
  {
    name: 'depthwise + separable conv2d, global average pooling',
    build: () =>
      tf.sequential({
        layers: [
          L.depthwiseConv2d({ inputShape: [8, 8, 3], kernelSize: 3, depthMultiplier: 2, padding: 'same' }),
          L.separableConv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'valid' }),
          L.globalAveragePooling2d({}),
          L.dense({ units: 3 }),
        ],
      }),
    x: floats([B, 8, 8, 3], 4),
    classes: 3,
    batch: B,
  },
  {
    name: 'GRU + bidirectional LSTM',
    build: () =>
      tf.sequential({
        layers: [
          L.gru({ inputShape: [6, 4], units: 5, returnSequences: true }),
          L.bidirectional({ layer: L.lstm({ units: 3 }) as tf.RNN }),
          L.dense({ units: 3 }),
        ],
      }),
    x: floats([B, 6, 4], 5),
    classes: 3,
    batch: B,
  },
  {
    name: 'embedding + bidirectional GRU',
    build: () =>
      tf.sequential({
        layers: [
          L.embedding({ inputDim: 20, outputDim: 6, inputLength: 7 }),
          L.bidirectional({ layer: L.gru({ units: 4 }) as tf.RNN, mergeMode: 'sum' }),
          L.dense({ units: 3 }),
        ],
      }),
    x: () => tf.tensor(ints(B * 7, 6, 0, 20), [B, 7], 'int32'),
    classes: 3,
    batch: B,
  },
  {
    name: 'batchNormalization + layerNormalization',
    build: () =>
      tf.sequential({
        layers: [
          // No bias before batch norm: its true gradient is 0, and Adam would amplify rounding noise in it.
          L.dense({ inputShape: [10], units: 12, useBias: false }),
          L.batchNormalization(),
          L.activation({ activation: 'relu' }),
          L.dense({ units: 8 }),
          L.layerNormalization(),
          L.dense({ units: 3 }),
        ],
      }),
    x: floats([8, 10], 7),
    classes: 3,
    batch: 8,
  },
];

interface Result {
  grads: Float32Array[];
  adam: Float32Array[];
  sgd: Float32Array[];
  tensorsSteady: boolean;
}

function loss(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
}

/** Builds the model with seeded weights, so both backends start from the same point. */
function seeded(c: Case): { model: tf.LayersModel; vars: tf.Variable[] } {
  const model = c.build();
  model.trainableWeights.forEach((w, i) => {
    const shape = w.shape as number[]; // weights have fully known shapes
    const v = tf.tensor(
      normals(
        shape.reduce((a, b) => a * b, 1),
        500 + i,
        0.4,
      ),
      shape,
    );
    w.write(v);
    v.dispose();
  });
  return { model, vars: model.trainableWeights.map((w) => w.read() as tf.Variable) };
}

function runCase(c: Case): Result {
  const x = c.x();
  const y = tf.oneHot(tf.tensor1d(ints(c.batch, 9, 0, c.classes), 'int32'), c.classes);
  let { model, vars } = seeded(c);
  const { grads } = tf.variableGrads(() => loss(model, x, y), vars);
  const g = vars.map((v) => grads[v.name]!.dataSync() as Float32Array);
  tf.dispose(grads);
  const steps = (opt: tf.Optimizer): { weights: Float32Array[]; steady: boolean } => {
    opt.minimize(() => loss(model, x, y), false, vars);
    const after1 = [tf.memory().numTensors, backendBuffers()];
    for (let i = 0; i < 3; i++) opt.minimize(() => loss(model, x, y), false, vars);
    // Tensors the engine knows of, and buffers the backend holds (kernel temporaries bypass the engine).
    const steady = tf.memory().numTensors === after1[0] && backendBuffers() === after1[1];
    const weights = vars.map((v) => v.dataSync() as Float32Array);
    opt.dispose();
    return { weights, steady };
  };
  const adam = steps(tf.train.adam(0.01));
  model.dispose();
  ({ model, vars } = seeded(c));
  const sgd = steps(tf.train.sgd(0.05));
  model.dispose();
  tf.dispose([x, y]);
  return { grads: g, adam: adam.weights, sgd: sgd.weights, tensorsSteady: adam.steady && sgd.steady };
}

for (const c of CASES) {
  test.serial(`${c.name}: gradients and Adam/SGD steps on wasm match cpu`, async (t) => {
    const wasm = await onBackend('wasm', () => runCase(c));
    const cpu = await onBackend('cpu', () => runCase(c));
    t.true(wasm.tensorsSteady, 'no tensors or backend buffers leak per step on wasm');
    t.is(wasm.grads.length, cpu.grads.length);
    const gradErrs = wasm.grads.map((g, i) => relErr(g, cpu.grads[i]!));
    const stepErrs = (['adam', 'sgd'] as const).flatMap((opt) => wasm[opt].map((w, i) => relErr(w, cpu[opt][i]!)));
    t.log(
      `max relative error: gradients ${Math.max(...gradErrs).toExponential(1)}, ` +
        `weights after steps ${Math.max(...stepErrs).toExponential(1)}`,
    );
    gradErrs.forEach((err, i) => t.true(err < GRAD_TOL, `gradient of weight ${i}: relative error ${err}`));
    stepErrs.forEach((err, i) => t.true(err < STEP_TOL, `weights ${i} after 4 Adam/SGD steps: relative error ${err}`));
  });
}

test.serial('dropout model trains on wasm without leaking tensors', async (t) => {
  await onBackend('wasm', async () => {
    const model = tf.sequential({
      layers: [
        L.dense({ inputShape: [8], units: 16, activation: 'relu' }),
        L.dropout({ rate: 0.5 }),
        L.dense({ units: 2 }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const x = tf.tensor(normals(32 * 8, 1), [32, 8]);
    const y = tf.tensor(normals(32 * 2, 2), [32, 2]);
    const first = (await model.trainOnBatch(x, y)) as number;
    const n = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 20; i++) last = (await model.trainOnBatch(x, y)) as number;
    t.is(tf.memory().numTensors, n);
    t.true(last < first, `loss went down: ${first} -> ${last}`);
    tf.dispose([x, y]);
    model.dispose();
  });
});
