import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { registerMissingWasmKernels, wasmKernelNames } from '../../src/backend/wasm-kernels/index.js';
import { ints, normals, onBackend } from './helpers.js';
import { compare, f, type Spec } from './kernel-compare.js';

// The non-conv kernels registered on wasm, against the cpu kernels (tolerance: see kernel-compare.ts).

test.serial('registration is idempotent and covers the kernels wasm lacks', async (t) => {
  await onBackend('wasm', () => undefined);
  t.deepEqual(registerMissingWasmKernels(), [], 'a second registration registers nothing');
  for (const name of [...wasmKernelNames.added, ...wasmKernelNames.replaced]) {
    t.truthy(tf.getKernel(name, 'wasm'), `${name} is registered on wasm`);
  }
  t.deepEqual([...wasmKernelNames.added].sort(), [
    'ConcertinaAdamUpdate',
    'Conv2DBackpropFilter',
    'DepthwiseConv2dNativeBackpropFilter',
    'DepthwiseConv2dNativeBackpropInput',
    'Einsum',
    'UnsortedSegmentSum',
  ]);
});

test.serial('MaxPoolGrad (replaced: the stock one is wrong for non-positive maxima) matches cpu', async (t) => {
  const cases: Array<[string, number[], number | [number, number], number | [number, number], 'same' | 'valid']> = [
    ['2x2 s2 valid', [2, 6, 6, 3], 2, 2, 'valid'],
    ['3x3 s2 same', [2, 7, 5, 2], 3, 2, 'same'],
    ['1d-like 1x3 s1 same', [3, 1, 11, 4], [1, 3], 1, 'same'],
  ];
  const specs: Array<[string, Spec]> = [];
  cases.forEach(([label, x, filterSize, strides, pad], i) => {
    const info = tf.backend_util.computePool2DInfo(x as [number, number, number, number], filterSize, strides, 1, pad);
    const size = x.reduce((a, b) => a * b, 1);
    const negative = normals(size, 200 + i).map((v) => v - 3);
    const ties = normals(size, 300 + i).map((v) => Math.min(0, Math.round(v))); // many equal maxima, as after ReLU
    for (const [kind, values] of [
      ['negative', negative],
      ['ties', ties],
    ] as const) {
      specs.push([
        `${label} ${kind}`,
        {
          inputs: { dy: f(info.outShape, 400 + i), input: { shape: x, values }, output: f(info.outShape, 0) },
          attrs: { filterSize, strides, pad },
        },
      ]);
    }
  });
  await compare(t, 'MaxPoolGrad', specs);
});

test.serial('UnsortedSegmentSum matches cpu, dropping out-of-range ids', async (t) => {
  const ids = ints(12, 5, -1, 7); // -1 and 6 are outside numSegments = 6
  ids[0] = -1;
  ids[1] = 6;
  await compare(t, 'UnsortedSegmentSum', [
    [
      'rank-1 ids, [12, 5] values',
      {
        inputs: { x: f([12, 5], 1), segmentIds: { shape: [12], values: ids, dtype: 'int32' } },
        attrs: { numSegments: 6 },
      },
    ],
    [
      'rank-2 ids, [3, 4, 2] values (cpu mishandles rank-2 ids, so its reference gets them flattened)',
      {
        inputs: { x: f([3, 4, 2], 2), segmentIds: { shape: [3, 4], values: ids, dtype: 'int32' } },
        attrs: { numSegments: 6 },
        cpu: {
          inputs: { x: f([12, 2], 2), segmentIds: { shape: [12], values: ids, dtype: 'int32' } },
          attrs: { numSegments: 6 },
        },
      },
    ],
    [
      'int32 values',
      {
        inputs: {
          x: { shape: [12, 3], values: ints(36, 3, -5, 5), dtype: 'int32' },
          segmentIds: { shape: [12], values: ids, dtype: 'int32' },
        },
        attrs: { numSegments: 6 },
      },
    ],
  ]);
});

test.serial('Einsum (cpu adapter) matches cpu', async (t) => {
  await compare(t, 'Einsum', [
    ['ij,jk->ik', { inputs: { 0: f([3, 4], 1), 1: f([4, 5], 2) }, attrs: { equation: 'ij,jk->ik' }, asArray: true }],
    [
      'bij,bjk->bik',
      { inputs: { 0: f([2, 3, 4], 3), 1: f([2, 4, 2], 4) }, attrs: { equation: 'bij,bjk->bik' }, asArray: true },
    ],
  ]);
});

test.serial('BatchMatMul and _FusedMatMul (replaced) match cpu for every transpose and batch layout', async (t) => {
  const cases: Array<[string, number[], number[], boolean, boolean]> = [];
  for (const tA of [false, true]) {
    for (const tB of [false, true]) {
      cases.push([`2d tA=${tA} tB=${tB}`, tA ? [7, 5] : [5, 7], tB ? [6, 7] : [7, 6], tA, tB]);
      cases.push([`batched a tA=${tA} tB=${tB}`, tA ? [3, 7, 5] : [3, 5, 7], tB ? [6, 7] : [7, 6], tA, tB]);
    }
  }
  cases.push(['both batched', [2, 5, 7], [2, 3, 7], false, true]);
  cases.push(['broadcast outer dims', [2, 1, 4, 3], [1, 4, 2], true, false]);
  await compare(
    t,
    'BatchMatMul',
    cases.map(([label, a, b, tA, tB], i) => [
      label,
      { inputs: { a: f(a, i), b: f(b, 100 + i) }, attrs: { transposeA: tA, transposeB: tB } },
    ]),
  );
  const fused: Array<[string, number[], number[], boolean, boolean]> = [
    ['tA', [1, 7, 5], [1, 7, 6], true, false],
    ['tB', [1, 5, 7], [1, 6, 7], false, true],
    ['tA tB', [1, 7, 5], [1, 6, 7], true, true],
  ];
  await compare(
    t,
    '_FusedMatMul',
    fused.map(([label, a, b, tA, tB], i) => [
      label,
      {
        inputs: { a: f(a, i), b: f(b, 10 + i), bias: f([6], 20 + i) },
        attrs: { transposeA: tA, transposeB: tB, activation: 'relu', leakyreluAlpha: 0 },
      },
    ]),
  );
});
