/**
 * BatchMatMul, _FusedMatMul and Conv2D on wasm through native OpenBLAS (src/backend/native-blas.ts)
 * when it is loaded: sgemm reads and writes the wasm heap in place and takes transposed operands as
 * they are, so no Transpose copies either. Each function returns undefined for cases it leaves to the
 * XNNPACK kernels (other dtypes, broadcast batches, activations other than linear and relu, NCHW).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Sgemm } from '../native-blas.js';
import { im2col } from './im2col.js';
import { convGeometry, f32, input, release, rowsPerChunk, type WasmKernelArgs } from './wasm-util.js';

interface Product {
  out: tf.TensorInfo;
  rows: number;
  cols: number;
}

/** op(a)·op(b) per batch (b's batch may be 1), into a new [...batch, m, n] tensor; undefined if unsupported. */
function product(backend: BackendWasm, sgemm: Sgemm, a: tf.TensorInfo, b: tf.TensorInfo, tA: boolean, tB: boolean) {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  if (batchB !== 1 && (batchA !== batchB || !tf.util.arraysEqual(outerA, outerB))) return undefined;
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const m = tA ? aCols : aRows;
  const k = tA ? aRows : aCols;
  const n = tB ? bRows : bCols;
  if (k !== (tB ? bCols : bRows)) return undefined; // the stock kernel reports the mismatch
  const shape = [...(outerA.length >= outerB.length ? outerA : outerB), m, n];
  const out = backend.makeOutput(shape, 'float32');
  const av = f32(backend, a);
  const bv = f32(backend, b);
  const ov = f32(backend, out);
  if (k === 0) {
    ov.fill(0);
  } else if (!tA && batchB === 1) {
    // a's batches are consecutive row blocks: one product for all of them.
    sgemm(false, tB, batchA * m, n, k, av, aCols, bv, bCols, 0, ov, n);
  } else {
    for (let i = 0; i < batchA; i++) {
      const ai = av.subarray(i * m * k);
      const bi = batchB === 1 ? bv : bv.subarray(i * k * n);
      sgemm(tA, tB, m, n, k, ai, aCols, bi, bCols, 0, ov.subarray(i * m * n), n);
    }
  }
  return { out, rows: batchA * m, cols: n } satisfies Product;
}

/** BatchMatMul through sgemm. */
export function blasBatchMatMul(args: WasmKernelArgs, sgemm: Sgemm): tf.TensorInfo | undefined {
  const attrs = args.attrs ?? {};
  return product(
    args.backend,
    sgemm,
    input(args, 'a'),
    input(args, 'b'),
    attrs['transposeA'] === true,
    attrs['transposeB'] === true,
  )?.out;
}

/** _FusedMatMul through sgemm, then bias and a linear or relu activation in one pass. */
export function blasFusedMatMul(args: WasmKernelArgs, sgemm: Sgemm): tf.TensorInfo | undefined {
  const attrs = args.attrs ?? {};
  const activation = (attrs['activation'] as string | undefined) ?? 'linear';
  if ((activation !== 'linear' && activation !== 'relu') || args.inputs['preluActivationWeights']) return undefined;
  const bias = args.inputs['bias'] ?? undefined;
  const a = input(args, 'a');
  const b = input(args, 'b');
  const n = attrs['transposeB'] === true ? b.shape[b.shape.length - 2]! : b.shape[b.shape.length - 1]!;
  const size = bias ? tf.util.sizeFromShape(bias.shape) : 0;
  // A bias per column (or one for all); others broadcast in ways this loop does not do.
  if (bias && (bias.dtype !== 'float32' || !(size === 1 || (size === n && bias.shape[bias.shape.length - 1] === n))))
    return undefined;
  const p = product(args.backend, sgemm, a, b, attrs['transposeA'] === true, attrs['transposeB'] === true);
  if (!p) return undefined;
  const ov = f32(args.backend, p.out);
  const bv = bias ? f32(args.backend, bias) : undefined;
  const relu = activation === 'relu';
  if (bv || relu) {
    const per = bv && bv.length === 1;
    for (let r = 0; r < p.rows; r++) {
      const o = r * p.cols;
      for (let c = 0; c < p.cols; c++) {
        let v = ov[o + c]!;
        if (bv) v += per ? bv[0]! : bv[c]!;
        ov[o + c] = relu && v < 0 ? 0 : v;
      }
    }
  }
  return p.out;
}

/** Conv2D (NHWC) as im2col chunks times the filter, written straight into the output rows. */
export function blasConv2D(args: WasmKernelArgs, sgemm: Sgemm): tf.TensorInfo | undefined {
  const { backend } = args;
  const attrs = args.attrs ?? {};
  const x = input(args, 'x');
  const filter = input(args, 'filter');
  if (attrs['dataFormat'] === 'NCHW' || x.dtype !== 'float32' || filter.dtype !== 'float32') return undefined;
  const g = convGeometry(x.shape, filter.shape, attrs, false);
  const k = g.kH * g.kW * g.inC;
  const co = g.outC;
  const n = g.batch * g.outH * g.outW;
  const out = backend.makeOutput([g.batch, g.outH, g.outW, co], 'float32');
  if (n === 0) return out;
  forEachPatchChunk(backend, g, x, n, k, (pv, n0, rows) =>
    sgemm(false, false, rows, co, k, pv, k, f32(backend, filter), co, 0, f32(backend, out).subarray(n0 * co), co),
  );
  return out;
}

/**
 * Conv2DBackpropFilter as dW [K, outC] = Σ over chunks of Pᵀ·dy, accumulated by sgemm in the output
 * itself (beta 1 after the first chunk): no transposes of dy or of the result.
 */
export function blasConv2DBackpropFilter(args: WasmKernelArgs, sgemm: Sgemm): tf.TensorInfo | undefined {
  const { backend } = args;
  const attrs = args.attrs ?? {};
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  if (attrs['dataFormat'] === 'NCHW' || x.dtype !== 'float32' || dy.dtype !== 'float32') return undefined;
  const filterShape = attrs['filterShape'] as number[];
  const g = convGeometry(x.shape, filterShape, attrs, false);
  const k = g.kH * g.kW * g.inC;
  const co = g.outC;
  const n = g.batch * g.outH * g.outW;
  const out = backend.makeOutput(filterShape, 'float32');
  if (n === 0) {
    f32(backend, out).fill(0);
    return out;
  }
  forEachPatchChunk(backend, g, x, n, k, (pv, n0, rows) => {
    const dyRows = f32(backend, dy).subarray(n0 * co);
    sgemm(true, false, k, co, rows, pv, k, dyRows, co, n0 === 0 ? 0 : 1, f32(backend, out), co);
  });
  return out;
}

/**
 * Runs `use` on the im2col patches of output rows [n0, n0 + rows), chunk by chunk, in one temporary
 * buffer (views are taken after it is allocated, so `use` may take its own).
 */
function forEachPatchChunk(
  backend: WasmKernelArgs['backend'],
  g: ReturnType<typeof convGeometry>,
  x: tf.TensorInfo,
  n: number,
  k: number,
  use: (patches: Float32Array, n0: number, rows: number) => void,
): void {
  const chunk = rowsPerChunk(k);
  const patches = backend.makeOutput([Math.min(chunk, n), k], 'float32');
  try {
    for (let n0 = 0; n0 < n; n0 += chunk) {
      const rows = Math.min(chunk, n - n0);
      const pv = f32(backend, patches);
      im2col(g, f32(backend, x), pv, n0, n0 + rows);
      use(pv, n0, rows);
    }
  } finally {
    release(backend, patches);
  }
}
