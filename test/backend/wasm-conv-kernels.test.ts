import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { chunking } from '../../src/backend/wasm-kernels/wasm-util.js';
import { dot, onBackend } from './helpers.js';
import { compare, f, run, type Spec } from './kernel-compare.js';

// The conv-gradient kernels registered on wasm, against the cpu kernels (tolerance: see kernel-compare.ts).

/** Conv cases: [label, x shape, filter shape, strides, pad]. */
const CONV: Array<[string, number[], number[], [number, number], tf.NamedAttrMap['pad']]> = [
  ['conv1d same s1', [2, 1, 17, 3], [1, 5, 3, 4], [1, 1], 'same'],
  ['conv1d valid s2', [3, 1, 20, 4], [1, 3, 4, 5], [1, 2], 'valid'],
  ['conv1d same s3', [2, 1, 16, 2], [1, 4, 2, 3], [1, 3], 'same'],
  ['conv2d same s2', [2, 7, 8, 3], [3, 3, 3, 5], [2, 2], 'same'],
  ['conv2d pad 1', [1, 6, 5, 2], [2, 3, 2, 4], [1, 1], 1],
  [
    'conv2d explicit pad',
    [2, 5, 6, 3],
    [3, 2, 3, 2],
    [2, 1],
    [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  ],
];

function convOutShape(x: number[], w: number[], strides: [number, number], pad: tf.NamedAttrMap['pad']): number[] {
  return tf.backend_util.computeConv2DInfo(
    x as [number, number, number, number],
    w as [number, number, number, number],
    strides,
    1,
    pad as 'same',
  ).outShape;
}

test.serial('Conv2DBackpropFilter matches cpu (strides, paddings, and chunked im2col)', async (t) => {
  const specs: Array<[string, Spec]> = CONV.map(([label, x, w, strides, pad], i) => [
    label,
    {
      inputs: { x: f(x, 10 + i), dy: f(convOutShape(x, w, strides, pad), 20 + i) },
      attrs: { strides, pad, dataFormat: 'NHWC', filterShape: w },
    },
  ]);
  await compare(t, 'Conv2DBackpropFilter', specs);
  const saved = chunking.maxFloats;
  chunking.maxFloats = 50; // forces several chunks, some splitting an image
  try {
    await compare(
      t,
      'Conv2DBackpropFilter',
      specs.slice(0, 4).map(([l, s]) => [`${l} chunked`, s]),
    );
  } finally {
    chunking.maxFloats = saved;
  }
});

test.serial('Conv2DBackpropInput (replaced) matches cpu, also chunked', async (t) => {
  const specs: Array<[string, Spec]> = CONV.map(([label, x, w, strides, pad], i) => [
    label,
    {
      inputs: { dy: f(convOutShape(x, w, strides, pad), 30 + i), filter: f(w, 40 + i) },
      attrs: { strides, pad, dataFormat: 'NHWC', inputShape: x },
    },
  ]);
  await compare(t, 'Conv2DBackpropInput', specs);
  const saved = chunking.maxFloats;
  chunking.maxFloats = 50;
  try {
    await compare(
      t,
      'Conv2DBackpropInput',
      specs.slice(0, 4).map(([l, s]) => [`${l} chunked`, s]),
    );
  } finally {
    chunking.maxFloats = saved;
  }
});

/** Depthwise cases: [label, x shape, filter shape, strides, pad]. */
const DEPTHWISE: Array<[string, number[], number[], [number, number], 'same' | 'valid' | number]> = [
  ['same s1 m2', [2, 6, 7, 3], [3, 3, 3, 2], [1, 1], 'same'],
  ['valid s2 m1', [2, 7, 7, 4], [3, 2, 4, 1], [2, 2], 'valid'],
  ['1d-like same s2 m3', [3, 1, 11, 2], [1, 4, 2, 3], [1, 2], 'same'],
  ['pad 1 m1', [1, 5, 5, 2], [2, 2, 2, 1], [1, 1], 1],
];

function depthwiseOut(
  x: number[],
  w: number[],
  strides: number | [number, number],
  pad: 'same' | 'valid' | number,
  dil: number | [number, number] = 1,
): number[] {
  return tf.backend_util.computeConv2DInfo(
    x as [number, number, number, number],
    w as [number, number, number, number],
    strides,
    dil,
    pad,
    undefined,
    true,
  ).outShape;
}

test.serial('DepthwiseConv2dNativeBackpropFilter/Input match cpu', async (t) => {
  await compare(
    t,
    'DepthwiseConv2dNativeBackpropFilter',
    DEPTHWISE.map(([label, x, w, strides, pad], i) => [
      label,
      {
        inputs: { x: f(x, 50 + i), dy: f(depthwiseOut(x, w, strides, pad), 60 + i) },
        attrs: { strides, pad, dilations: 1, filterShape: w },
      },
    ]),
  );
  await compare(
    t,
    'DepthwiseConv2dNativeBackpropInput',
    DEPTHWISE.map(([label, x, w, strides, pad], i) => [
      label,
      {
        inputs: { dy: f(depthwiseOut(x, w, strides, pad), 70 + i), filter: f(w, 80 + i) },
        attrs: { strides, pad, dilations: 1, inputShape: x },
      },
    ]),
  );
});

test.serial('depthwise backprop kernels are the adjoints of the dilated depthwise conv', async (t) => {
  // The cpu backprop kernels ignore dilations, so the reference here is the forward conv:
  // <dy, conv(x, w)> = <backpropFilter(x, dy), w> = <x, backpropInput(dy, w)>.
  await onBackend('wasm', () => {
    for (const [x, w, dil, pad] of [
      [[2, 7, 9, 3], [2, 3, 3, 2], [2, 2], 'same'],
      [[1, 1, 15, 2], [1, 3, 2, 1], [1, 3], 'valid'],
    ] as Array<[number[], number[], [number, number], 'same' | 'valid']>) {
      const xs = f(x, 90);
      const ws = f(w, 91);
      const dys = f(depthwiseOut(x, w, 1, pad, dil), 92);
      const y = tf.tidy(() =>
        tf
          .depthwiseConv2d(tf.tensor4d(xs.values, x as never), tf.tensor4d(ws.values, w as never), 1, pad, 'NHWC', dil)
          .dataSync(),
      );
      const lhs = dot(dys.values, y);
      const dW = run(
        'DepthwiseConv2dNativeBackpropFilter',
        { inputs: { x: xs, dy: dys }, attrs: { strides: 1, pad, dilations: dil, filterShape: w } },
        t,
      );
      const dX = run(
        'DepthwiseConv2dNativeBackpropInput',
        { inputs: { dy: dys, filter: ws }, attrs: { strides: 1, pad, dilations: dil, inputShape: x } },
        t,
      );
      t.true(Math.abs(dot(dW, ws.values) - lhs) < 1e-3 * (1 + Math.abs(lhs)), `filter adjoint, dilations ${dil}`);
      t.true(Math.abs(dot(xs.values, dX) - lhs) < 1e-3 * (1 + Math.abs(lhs)), `input adjoint, dilations ${dil}`);
    }
  });
});
