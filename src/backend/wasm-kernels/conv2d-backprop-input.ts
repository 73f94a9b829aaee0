/**
 * Replacement for wasm's Conv2DBackpropInput (NHWC): the stock kernel is a scalar loop (~3 GFLOP/s,
 * 6x slower than the forward conv). Here dP [N, K] = dy [N, outC] · W^T [outC, K] runs on XNNPACK and
 * col2im scatters dP back onto dx. NCHW goes to the stock kernel.
 */
import type * as tf from '@tensorflow/tfjs';
import { col2im } from './im2col.js';
import {
  convGeometry,
  f32,
  input,
  matMul,
  release,
  reshapeView,
  rowsPerChunk,
  runWasmKernel,
  type WasmKernelArgs,
} from './wasm-util.js';

function conv2DBackpropInput(args: WasmKernelArgs, stock: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const { backend } = args;
  const attrs = args.attrs ?? {};
  const dy = input(args, 'dy');
  const filter = input(args, 'filter');
  if (attrs['dataFormat'] === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return stock(args);
  const inputShape = attrs['inputShape'] as number[];
  const g = convGeometry(inputShape, filter.shape, attrs, false);
  const k = g.kH * g.kW * g.inC;
  const co = g.outC;
  const n = g.batch * g.outH * g.outW;
  const w2 = reshapeView(backend, filter, [k, co]);
  const wT = runWasmKernel(backend, 'Transpose', { x: w2 }, { perm: [1, 0] });
  release(backend, w2);
  const dx = backend.makeOutput(inputShape, 'float32');
  f32(backend, dx).fill(0);
  const chunk = rowsPerChunk(k);
  for (let n0 = 0; n0 < n; n0 += chunk) {
    const rows = Math.min(chunk, n - n0);
    let dyRows: tf.TensorInfo;
    if (rows === n) {
      dyRows = reshapeView(backend, dy, [n, co]);
    } else {
      dyRows = backend.makeOutput([rows, co], 'float32');
      f32(backend, dyRows).set(f32(backend, dy).subarray(n0 * co, (n0 + rows) * co));
    }
    const dp = matMul(backend, dyRows, wT, rows, co, k);
    release(backend, dyRows);
    col2im(g, f32(backend, dp), f32(backend, dx), n0, n0 + rows);
    release(backend, dp);
  }
  release(backend, wT);
  return dx;
}

/** Wraps the stock kernel config, keeping its setup (its cwrap bindings) and NCHW path. */
export function conv2DBackpropInputConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelFunc: ((args: WasmKernelArgs) => conv2DBackpropInput(args, stock.kernelFunc)) as unknown as tf.KernelFunc,
  };
}
