/**
 * UnsortedSegmentSum for wasm (absent from tfjs-backend-wasm 4.22): the gradient of gather, so of every
 * embedding layer. One pass over x (the cpu kernel makes one masked pass per segment). Ids outside
 * [0, numSegments) are dropped, as TensorFlow does.
 */
import * as tf from '@tensorflow/tfjs';
import { i32, input, type WasmKernelArgs } from './wasm-util.js';

function unsortedSegmentSum(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const x = input(args, 'x');
  const ids = input(args, 'segmentIds');
  const numSegments = (args.attrs ?? {})['numSegments'] as number;
  const outShape = [numSegments, ...x.shape.slice(ids.shape.length)];
  const inner = tf.util.sizeFromShape(outShape.slice(1));
  const count = tf.util.sizeFromShape(ids.shape);
  const out = backend.makeOutput(outShape, x.dtype);
  const ov = backend.typedArrayFromHeap(out);
  const xv = backend.typedArrayFromHeap(x);
  const iv = i32(backend, ids);
  ov.fill(0);
  for (let i = 0; i < count; i++) {
    const seg = iv[i]!;
    if (seg < 0 || seg >= numSegments) continue;
    const src = i * inner;
    const dst = seg * inner;
    for (let j = 0; j < inner; j++) ov[dst + j]! += xv[src + j]!;
  }
  return out;
}

/** Kernel registration for wasm. */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: tf.UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc,
};
