/**
 * Conv2DBackpropFilter for wasm (absent from tfjs-backend-wasm 4.22; needed to train conv1d/conv2d).
 * dW^T [outC, K] = dy^T [outC, N] · P [N, K], P the im2col matrix of x (N output pixels, K = kH·kW·inC),
 * computed by the backend's own XNNPACK matmul. The JS side only copies data (im2col, a transpose of dy),
 * O(N·K) work against the O(N·K·outC) of the product.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeBlas } from '../native-blas.js';
import { blasConv2DBackpropFilter } from './blas-matmul.js';
import { runOnCpu } from './cpu-adapter.js';
import { im2col } from './im2col.js';
import { convGeometry, f32, input, matMul, release, rowsPerChunk, type WasmKernelArgs } from './wasm-util.js';

function conv2DBackpropFilter(args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const { backend } = args;
  const attrs = args.attrs ?? {};
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  // The wasm Conv2D itself only supports NHWC, so NCHW here is a rare path: let the cpu kernel do it.
  if (attrs['dataFormat'] === 'NCHW' || x.dtype !== 'float32' || dy.dtype !== 'float32')
    return runOnCpu('Conv2DBackpropFilter', args);
  const sgemm = nativeBlas().sgemm;
  const native = sgemm && blasConv2DBackpropFilter(args, sgemm);
  if (native) return native;
  const filterShape = attrs['filterShape'] as number[];
  const g = convGeometry(x.shape, filterShape, attrs, false);
  const k = g.kH * g.kW * g.inC;
  const co = g.outC;
  const n = g.batch * g.outH * g.outW;
  const acc = new Float32Array(co * k);
  const chunk = rowsPerChunk(k);
  for (let n0 = 0; n0 < n; n0 += chunk) {
    const rows = Math.min(chunk, n - n0);
    const patches = backend.makeOutput([rows, k], 'float32');
    const dyT = backend.makeOutput([co, rows], 'float32');
    im2col(g, f32(backend, x), f32(backend, patches), n0, n0 + rows);
    transposeRows(f32(backend, dy), f32(backend, dyT), n0, rows, co);
    const prod = matMul(backend, dyT, patches, co, rows, k);
    release(backend, patches, dyT);
    const pv = f32(backend, prod);
    for (let i = 0; i < acc.length; i++) acc[i]! += pv[i]!;
    release(backend, prod);
  }
  const out = backend.makeOutput(filterShape, 'float32');
  const ov = f32(backend, out);
  for (let c = 0; c < co; c++) for (let j = 0; j < k; j++) ov[j * co + c] = acc[c * k + j]!;
  return out;
}

/** dst[c, r] = src[n0 + r, c]: the slice of dy for one chunk, transposed to [cols, rows]. */
function transposeRows(src: Float32Array, dst: Float32Array, n0: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const s = (n0 + r) * cols;
    for (let c = 0; c < cols; c++) dst[c * rows + r] = src[s + c]!;
  }
}

/** Kernel registration for wasm. */
export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
};
