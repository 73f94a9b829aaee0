/**
 * Helpers shared by the kernels this folder registers on the wasm backend: heap views, temporaries,
 * calling the backend's own kernels, and the conv geometry in one flat form.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { nativeBlas } from '../native-blas.js';

/** The arguments a kernel function receives, typed for the wasm backend. */
export interface WasmKernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs?: tf.NamedAttrMap;
}

/** An input that must be present (tfjs passes them by name). */
export function input(args: WasmKernelArgs, name: string): tf.TensorInfo {
  const t = args.inputs[name];
  if (t === undefined || t === null) throw new Error(`wasm kernel: missing input '${name}'`);
  return t;
}

/**
 * Float32 view of a tensor on the wasm heap. Any allocation may grow the heap and detach earlier
 * views, so take views only after the last allocation that precedes their use.
 */
export function f32(backend: BackendWasm, t: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/** Int32 view of an int32 tensor on the wasm heap (same caveat as `f32`). */
export function i32(backend: BackendWasm, t: tf.TensorInfo): Int32Array {
  return backend.typedArrayFromHeap(t) as Int32Array;
}

/** Runs one of the wasm backend's registered kernels directly; the caller disposes the result. */
export function runWasmKernel(
  backend: BackendWasm,
  kernelName: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const out = tf.getKernel(kernelName, 'wasm').kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`wasm kernel ${kernelName} returned several outputs`);
  return out;
}

/** Releases temporaries made with `makeOutput` or returned by `runWasmKernel`. */
export function release(backend: BackendWasm, ...infos: tf.TensorInfo[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}

/** A view of `t`'s data under another shape (no copy); release it like any temporary. */
export function reshapeView(backend: BackendWasm, t: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  backend.incRef(t.dataId);
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/** Dense row-major [rows, cols] product `a·b`: native OpenBLAS when loaded, else XNNPACK (no transposes). */
export function matMul(
  backend: BackendWasm,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  rows: number,
  inner: number,
  cols: number,
): tf.TensorInfo {
  const sgemm = nativeBlas().sgemm;
  if (sgemm) {
    const out = backend.makeOutput([1, rows, cols], 'float32');
    sgemm(false, false, rows, cols, inner, f32(backend, a), inner, f32(backend, b), cols, 0, f32(backend, out), cols);
    return out;
  }
  const a3 = reshapeView(backend, a, [1, rows, inner]);
  const b3 = reshapeView(backend, b, [1, inner, cols]);
  try {
    return runWasmKernel(backend, 'BatchMatMul', { a: a3, b: b3 }, { transposeA: false, transposeB: false });
  } finally {
    release(backend, a3, b3);
  }
}

/** NHWC convolution geometry, flattened for loops. */
export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  dilH: number;
  dilW: number;
  padTop: number;
  padLeft: number;
}

/** Geometry of a conv from tfjs's own computeConv2DInfo, so padding and rounding match the other backends. */
export function convGeometry(
  xShape: number[],
  filterShape: number[],
  attrs: tf.NamedAttrMap,
  depthwise: boolean,
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs['strides'] as [number, number] | number,
    (attrs['dilations'] as [number, number] | number | undefined) ?? 1,
    attrs['pad'] as 'valid' | 'same' | number,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
    depthwise,
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kH: info.filterHeight,
    kW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    dilH: info.dilationHeight,
    dilW: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Floats per im2col chunk (~32 MiB), so the temporary stays bounded however large the batch; tests lower it. */
export const chunking = { maxFloats: 1 << 23 };

/** Rows of the im2col matrix per chunk. */
export function rowsPerChunk(rowLength: number): number {
  return Math.max(1, Math.floor(chunking.maxFloats / Math.max(1, rowLength)));
}
