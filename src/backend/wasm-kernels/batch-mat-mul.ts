/**
 * Replacements for wasm's BatchMatMul and _FusedMatMul. The stock kernels only take XNNPACK's fast path
 * when neither operand is transposed and both batch sizes are 1; anything else (every backward pass:
 * dx = dy·W^T, dW = x^T·dy) runs a scalar loop 4-5x slower. Transposing the operand first with the
 * backend's Transpose kernel (O(size), cheap next to the O(M·K·N) product) and folding a's batch into
 * its rows (when b has no batch) puts all those products on the fast path.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeBlas } from '../native-blas.js';
import { blasBatchMatMul, blasFusedMatMul } from './blas-matmul.js';
import { input, matMul, release, reshapeView, runWasmKernel, type WasmKernelArgs } from './wasm-util.js';

function fastBatchMatMul(args: WasmKernelArgs, stock: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const sgemm = nativeBlas().sgemm;
  const native = sgemm && blasBatchMatMul(args, sgemm);
  if (native) return native;
  const { backend } = args;
  const attrs = args.attrs ?? {};
  const a = input(args, 'a');
  const b = input(args, 'b');
  const tA = attrs['transposeA'] === true;
  const tB = attrs['transposeB'] === true;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || batchB !== 1 || (!tA && !tB && batchA === 1))
    return stock(args);
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const m = tA ? aCols : aRows;
  const k = tA ? aRows : aCols;
  const n = tB ? bRows : bCols;
  if (k !== (tB ? bCols : bRows)) return stock(args); // let the stock kernel report the mismatch
  const temps: tf.TensorInfo[] = [];
  try {
    const a2 = tA ? transposed(args, a, [batchA, aRows, aCols], [0, 2, 1], temps) : a;
    const b2 = tB ? transposed(args, b, [bRows, bCols], [1, 0], temps) : b;
    const out = matMul(backend, a2, b2, batchA * m, k, n);
    out.shape = [...tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB), m, n];
    return out;
  } finally {
    release(backend, ...temps);
  }
}

function transposed(
  args: WasmKernelArgs,
  t: tf.TensorInfo,
  shape: number[],
  perm: number[],
  temps: tf.TensorInfo[],
): tf.TensorInfo {
  const view = reshapeView(args.backend, t, shape);
  temps.push(view);
  const out = runWasmKernel(args.backend, 'Transpose', { x: view }, { perm });
  temps.push(out);
  return out;
}

/** _FusedMatMul gets rank-3 inputs from its op; only transposes need fixing (bias stays per-column). */
function fastFusedMatMul(args: WasmKernelArgs, stock: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const sgemm = nativeBlas().sgemm;
  const native = sgemm && blasFusedMatMul(args, sgemm);
  if (native) return native;
  const attrs = args.attrs ?? {};
  const a = input(args, 'a');
  const b = input(args, 'b');
  const tA = attrs['transposeA'] === true;
  const tB = attrs['transposeB'] === true;
  if ((!tA && !tB) || a.shape.length !== 3 || b.shape.length !== 3 || a.shape[0] !== 1 || b.shape[0] !== 1)
    return stock(args);
  const temps: tf.TensorInfo[] = [];
  try {
    const a2 = tA ? transposed(args, a, a.shape, [0, 2, 1], temps) : a;
    const b2 = tB ? transposed(args, b, b.shape, [0, 2, 1], temps) : b;
    return stock({
      inputs: { ...args.inputs, a: a2, b: b2 },
      backend: args.backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
  } finally {
    release(args.backend, ...temps);
  }
}

/** Wraps the stock BatchMatMul config, keeping its setup (cwrap bindings) and its other cases. */
export function batchMatMulConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelFunc: ((args: WasmKernelArgs) => fastBatchMatMul(args, stock.kernelFunc)) as unknown as tf.KernelFunc,
  };
}

/** Wraps the stock _FusedMatMul config the same way. */
export function fusedMatMulConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelFunc: ((args: WasmKernelArgs) => fastFusedMatMul(args, stock.kernelFunc)) as unknown as tf.KernelFunc,
  };
}
