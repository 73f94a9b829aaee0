/**
 * One Adam step for one variable in a single pass over the wasm heap (kernel `ConcertinaAdamUpdate`):
 * tfjs' AdamOptimizer runs about fifteen kernels per variable per step, each a dispatch, an allocation
 * and a full pass. Every operation is rounded to float32 in tfjs' order, so the results are the bits
 * its kernels produce (float32 add, mul, div and sqrt are correctly rounded either way).
 */
import type * as tf from '@tensorflow/tfjs';
import { f32, input, type WasmKernelArgs } from './wasm-util.js';

/** The kernel's name (src/train/fused-adam.ts runs it). */
export const ADAM_UPDATE = 'ConcertinaAdamUpdate';

const r = Math.fround;

function adamUpdate(args: WasmKernelArgs): tf.TensorInfo[] {
  const { backend } = args;
  const a = args.attrs ?? {};
  const value = input(args, 'value');
  const outs = [0, 1, 2].map(() => backend.makeOutput(value.shape, 'float32'));
  const [x, m, v, g] = ['value', 'm', 'v', 'g'].map((name) => f32(backend, input(args, name))) as Float32Array[];
  const [nx, nm, nv] = outs.map((o) => f32(backend, o)) as Float32Array[];
  const b1 = r(a['beta1'] as number);
  const b2 = r(a['beta2'] as number);
  const k1 = r(1 - (a['beta1'] as number));
  const k2 = r(1 - (a['beta2'] as number));
  const c1 = r(a['oneMinusAccBeta1'] as number);
  const c2 = r(a['oneMinusAccBeta2'] as number);
  const eps = r(a['epsilon'] as number);
  const step = r(-(a['learningRate'] as number));
  for (let i = 0; i < x!.length; i++) {
    const gi = g![i]!;
    const mi = r(r(m![i]! * b1) + r(gi * k1));
    const vi = r(r(v![i]! * b2) + r(r(gi * gi) * k2));
    nm![i] = mi;
    nv![i] = vi;
    const denom = r(r(Math.sqrt(r(vi / c2))) + eps);
    nx![i] = r(r(r(r(mi / c1) / denom) * step) + x![i]!);
  }
  return outs;
}

/** Kernel registration for wasm. */
export const adamUpdateConfig: tf.KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'wasm',
  kernelFunc: adamUpdate as unknown as tf.KernelFunc,
};
