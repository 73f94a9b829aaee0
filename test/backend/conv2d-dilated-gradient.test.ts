import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { normals, onBackend, relErr } from './helpers.js';

// A conv with dilation d equals an undilated conv whose filter has d-1 zeros between taps; tfjs's own
// gradient handles the latter, so it is the reference for our dilated gradient. Float32 noise only.
const TOL = 1e-5;

/** The filter with zeros inserted between taps: [(kH-1)dH+1, (kW-1)dW+1, inC, outC]. */
function spread(w: tf.Tensor4D, dH: number, dW: number): tf.Tensor4D {
  const [kH, kW, ci, co] = w.shape;
  const holes = tf.pad(w.reshape([kH, 1, kW, 1, ci, co]), [
    [0, 0],
    [0, dH - 1],
    [0, 0],
    [0, dW - 1],
    [0, 0],
    [0, 0],
  ]);
  return tf.slice4d(
    tf.reshape(holes, [kH * dH, kW * dW, ci, co]) as tf.Tensor4D,
    [0, 0, 0, 0],
    [(kH - 1) * dH + 1, (kW - 1) * dW + 1, ci, co],
  );
}

const CASES: Array<[string, number[], number[], [number, number], 'same' | 'valid' | number]> = [
  ['conv1d d=2 same', [2, 1, 19, 3], [1, 3, 3, 4], [1, 2], 'same'],
  ['conv1d d=3 valid', [2, 1, 20, 2], [1, 4, 2, 3], [1, 3], 'valid'],
  ['conv1d d=4 same, odd length', [1, 1, 13, 2], [1, 2, 2, 2], [1, 4], 'same'],
  ['conv2d d=(2,3) same', [2, 9, 10, 2], [3, 2, 2, 3], [2, 3], 'same'],
  ['conv2d d=2 pad 2', [1, 7, 7, 1], [2, 2, 1, 2], [2, 2], 2],
];

for (const backend of ['wasm', 'cpu'] as const) {
  test.serial(`dilated Conv2D gradients equal those of the zero-spread filter on ${backend}`, async (t) => {
    await onBackend(backend, () => {
      for (const [label, xs, ws, [dH, dW], pad] of CASES) {
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          const x = tf.tensor4d(
            normals(
              xs.reduce((a, b) => a * b),
              1,
            ),
            xs as never,
          );
          const w = tf.tensor4d(
            normals(
              ws.reduce((a, b) => a * b),
              2,
            ),
            ws as never,
          );
          const probe = (y: tf.Tensor) => tf.sum(tf.mul(y, tf.sin(tf.range(0, y.size).reshape(y.shape))));
          const got = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            probe(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, pad, 'NHWC', [dH, dW])),
          )([x, w]);
          const want = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            probe(tf.conv2d(a as tf.Tensor4D, spread(b as tf.Tensor4D, dH, dW), 1, pad)),
          )([x, w]);
          t.true(relErr(got[0]!.dataSync(), want[0]!.dataSync()) < TOL, `${label}: dx`);
          t.true(relErr(got[1]!.dataSync(), want[1]!.dataSync()) < TOL, `${label}: dW`);
        });
        t.is(tf.memory().numTensors, before, `${label}: no leaked tensors`);
      }
    });
  });
}

test.serial('undilated Conv2D gradients are unchanged (still tfjs own gradient)', async (t) => {
  await onBackend('cpu', () => {
    const x = tf.tensor4d(normals(2 * 6 * 6 * 2, 3), [2, 6, 6, 2]);
    const w = tf.tensor4d(normals(3 * 3 * 2 * 2, 4), [3, 3, 2, 2]);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'))),
    )([x, w]);
    const y = tf.conv2d(x, w, 2, 'same');
    const dy = tf.mul(y, 2) as tf.Tensor4D;
    t.deepEqual(dx!.dataSync(), tf.conv2dTranspose(dy, w, [2, 6, 6, 2], 2, 'same').dataSync());
    const dwRef = tf
      .engine()
      .runKernel(
        'Conv2DBackpropFilter',
        { x, dy },
        { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 2] },
      ) as tf.Tensor;
    t.deepEqual(dw!.dataSync(), dwRef.dataSync());
    dwRef.dispose();
    tf.dispose([x, w, dx!, dw!, y, dy]);
  });
});
