import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src/backend/select-backend.js';
import { DataError } from '../../../src/errors/pipeline-error.js';
import type { LabelValue } from '../../../src/core/item.js';
import { SigmoidHead } from '../../../src/train/heads/sigmoid-head.js';

const NAMES = ['pedestrian', 'car', 'stop_sign'];
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const bce = (z: number, y: number) => -(y * Math.log(sigmoid(z)) + (1 - y) * Math.log(1 - sigmoid(z)));
const close = (a: number, b: number, tol = 1e-5) => Math.abs(a - b) <= tol * (1 + Math.abs(b));

test('units, primary metric and the label it trains on', (t) => {
  const h = new SigmoidHead('objects', NAMES);
  t.is(h.units, 3);
  t.is(h.label, 'objects');
  t.false(h.perFrame);
  t.is(h.primaryMetric, 'f1');
});

test('the loss is the binary cross-entropy averaged over the known entries only', (t) => {
  const h = new SigmoidHead('objects', NAMES);
  const z = [
    [0.5, -1, 2],
    [-0.3, 0.8, 0],
    [3, 3, 3],
  ];
  const labels: LabelValue[] = [[1, 0, null], [null, 1, 0], null];
  const expected = (bce(0.5, 1) + bce(-1, 0) + bce(0.8, 1) + bce(0, 0)) / 4;
  const before = tf.memory().numTensors;
  const out = tf.tensor2d(z);
  const loss = h.loss(out, labels);
  t.true(close(loss.dataSync()[0]!, expected), `${loss.dataSync()[0]} vs ${expected}`);
  const large = tf.tensor2d([[80, -80, 0]]);
  const big = h.loss(large, [[0, 1, 1]]);
  t.true(close(big.dataSync()[0]!, (80 + 80 + Math.log(2)) / 3, 1e-4), 'large logits do not overflow');
  const none = h.loss(out, [null, [null, null, null], null]);
  t.is(none.dataSync()[0], 0);
  tf.dispose([out, loss, large, big, none]);
  t.is(tf.memory().numTensors, before);
});

/** Gradients of the head's loss with respect to a tiny dense layer's kernel [D, K] and bias [K]. */
function denseGrads(labels: LabelValue[]): { kernel: number[][]; bias: number[] } {
  return tf.tidy(() => {
    const x = tf.tensor2d([
      [0.5, -1.2],
      [1.5, 0.3],
      [-0.7, 0.9],
      [0.2, 0.4],
    ]);
    const kernel = tf.variable(
      tf.tensor2d([
        [0.3, -0.2, 0.1],
        [0.05, 0.4, -0.3],
      ]),
      true,
      'kernel',
    );
    const bias = tf.variable(tf.tensor1d([0.1, -0.1, 0.2]), true, 'bias');
    const head = new SigmoidHead('objects', NAMES);
    const { grads, value } = tf.variableGrads(() => head.loss(x.matMul(kernel).add(bias), labels), [kernel, bias]);
    value.dispose();
    const out = { kernel: grads.kernel!.arraySync() as number[][], bias: grads.bias!.arraySync() as number[] };
    kernel.dispose();
    bias.dispose();
    return out;
  });
}

test.serial(
  'an entry unknown in every example gets exactly zero gradient; known in one, a non-zero one (cpu and wasm)',
  async (t) => {
    for (const backend of ['wasm', 'cpu'] as const) {
      await selectBackend(backend);
      const before = tf.memory().numTensors;
      const unknownCar = denseGrads([[1, null, 0], [0, null, 1], null, [1, null, null]]);
      t.true(
        unknownCar.kernel.every((row) => row[1] === 0),
        `${backend}: ${JSON.stringify(unknownCar.kernel)}`,
      );
      t.is(unknownCar.bias[1], 0);
      t.true(
        unknownCar.kernel.every((row) => row[0] !== 0 && row[2] !== 0),
        'known outputs still learn',
      );

      const oneCar = denseGrads([[1, null, 0], [0, 1, 1], null, [1, null, null]]);
      t.true(oneCar.kernel.every((row) => row[1] !== 0));
      t.not(oneCar.bias[1], 0);
      // Only example 1 knows the car: its gradient is that example's (p - y) x / (6 known entries).
      const p = sigmoid(1.5 * -0.2 + 0.3 * 0.4 - 0.1);
      t.true(
        close(oneCar.kernel[0]![1]!, ((p - 1) * 1.5) / 6),
        `${backend}: ${oneCar.kernel[0]![1]} vs ${((p - 1) * 1.5) / 6}`,
      );
      t.is(tf.memory().numTensors, before);
    }
  },
);

test('decode gives a probability per output', (t) => {
  const h = new SigmoidHead('objects', NAMES);
  const before = tf.memory().numTensors;
  const out = tf.tensor2d([
    [0, 2, -2],
    [10, -10, 0.5],
  ]);
  const items = h.decode(out);
  out.dispose();
  t.is(tf.memory().numTensors, before);
  t.deepEqual(
    items.map((i) => i.shape),
    [[3], [3]],
  );
  t.true([...items[0]!.data].every((v, j) => close(v, sigmoid([0, 2, -2][j]!))));
  t.true([...items[1]!.data].every((v) => v >= 0 && v <= 1));
});

test('metrics: per-output accuracy and F1, their means, counting known entries only', (t) => {
  const h = new SigmoidHead('objects', NAMES);
  const item = (...p: number[]) => ({ data: Float32Array.from(p), shape: [3] });
  const outputs = [item(0.9, 0.2, 0.6), item(0.1, 0.7, 0.4), item(0.8, 0.6, 0.1), item(0.3, 0.9, 0.9)];
  const labels: LabelValue[] = [[1, 0, null], [0, 0, null], [0, 1, null], null];
  const m = h.metrics(outputs, labels);
  // pedestrian: said 1,0,1 for 1,0,0 -> tp 1, fp 1, right 2/3. car: said 0,1,1 for 0,0,1 -> tp 1, fp 1, right 2/3.
  t.true(close(m['pedestrian.accuracy']!, 2 / 3) && close(m['pedestrian.f1']!, 2 / 3));
  t.true(close(m['car.accuracy']!, 2 / 3) && close(m['car.f1']!, 2 / 3));
  t.false('stop_sign.accuracy' in m, 'an output with no known entry reports nothing');
  t.true(close(m.accuracy!, 2 / 3) && close(m.f1!, 2 / 3));
  t.is(m.n, 3);
  t.deepEqual(Object.keys(m).slice(0, 2), ['f1', 'accuracy'], 'macro F1 first: it summarises a run');
  const nll = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.9) + Math.log(0.3) + Math.log(0.2) + Math.log(0.6)) / 6;
  t.true(close(m.loss!, nll), `${m.loss} vs ${nll}`);

  const flipped = outputs.map((o, i) => (i === 3 ? item(0.1, 0.1, 0.1) : item(o.data[0]!, o.data[1]!, 1 - o.data[2]!)));
  t.deepEqual(h.metrics(flipped, labels), m, 'predictions at unknown entries change nothing');
  t.deepEqual(h.metrics(outputs, [null, null, null, [null, null, null]]), { n: 0 });
});

test('F1 is 1 for an output with nothing to find and nothing found, 0 when every positive is missed', (t) => {
  const h = new SigmoidHead('objects', ['a', 'b']);
  const item = (...p: number[]) => ({ data: Float32Array.from(p), shape: [2] });
  const m = h.metrics(
    [item(0.1, 0.1), item(0.2, 0.3)],
    [
      [0, 1],
      [0, 1],
    ],
  );
  t.is(m['a.f1'], 1);
  t.is(m['b.f1'], 0);
  t.is(m['b.accuracy'], 0);
  t.is(m.f1, 0.5);
});

test('a label of the wrong shape is a DataError naming the label and its outputs', (t) => {
  const h = new SigmoidHead('objects', NAMES);
  const out = tf.zeros([2, 3]);
  const e = t.throws(
    () =>
      h.loss(out, [
        [1, 0, 1],
        [1, 0],
      ]),
    { instanceOf: DataError },
  );
  t.regex(e!.message, /label `objects` of example 1 should be 3 entries \(pedestrian, car, stop_sign\)/);
  t.throws(() => h.loss(out, [[1, 0, 1], 2]), { instanceOf: DataError });
  out.dispose();
});
