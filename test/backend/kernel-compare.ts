/** Kernel-level comparison of wasm (with our kernels) against cpu, shared by the wasm-kernel tests. */
import type { ExecutionContext } from 'ava';
import * as tf from '@tensorflow/tfjs';
import { backendBuffers, normals, onBackend, relErr } from './helpers.js';

// Every registered kernel against the cpu kernel, on the same random inputs. Float32 sums in another
// order differ by ~1e-7 relative (measured); 1e-5 leaves headroom and still catches any indexing mistake.
export const TOL = 1e-5;

/** A kernel call: named inputs (values and shapes) and attributes. */
export interface Spec {
  inputs: Record<string, { shape: number[]; values: Float32Array | Int32Array; dtype?: 'int32' }>;
  attrs: tf.NamedAttrMap;
  /** Pass the inputs as an array, in key order (Einsum's convention). */
  asArray?: boolean;
  /** A different but equivalent spec for the cpu reference (where the cpu kernel has a bug). */
  cpu?: Spec;
}

/** Runs a kernel on the active backend; checks it leaves no tensor and no backend buffer behind. */
export function run(kernel: string, spec: Spec, t: ExecutionContext): Float32Array | Int32Array {
  const tensors0 = tf.memory().numTensors;
  const buffers0 = backendBuffers();
  const inputs: tf.NamedTensorMap = spec.asArray ? ([] as unknown as tf.NamedTensorMap) : {};
  for (const [name, v] of Object.entries(spec.inputs))
    inputs[name] = tf.tensor(v.values, v.shape, v.dtype ?? 'float32');
  const out = tf.engine().runKernel(kernel, inputs, spec.attrs) as tf.Tensor;
  const values = out.dataSync() as Float32Array | Int32Array;
  tf.dispose([out, ...Object.values(inputs)]);
  t.is(tf.memory().numTensors, tensors0, `${kernel} leaked tensors`);
  t.is(backendBuffers(), buffers0, `${kernel} leaked backend buffers`);
  return values;
}

/** Runs each spec on wasm and on cpu and asserts the outputs agree within TOL. */
export async function compare(t: ExecutionContext, kernel: string, specs: Array<[string, Spec]>) {
  for (const [label, spec] of specs) {
    const got = await onBackend('wasm', () => run(kernel, spec, t));
    const want = await onBackend('cpu', () => run(kernel, spec.cpu ?? spec, t));
    const err = relErr(got, want);
    t.true(err < TOL, `${kernel} ${label}: relative error ${err}`);
  }
}

/** A seeded float32 input of `shape`. */
export function f(shape: number[], seed: number): { shape: number[]; values: Float32Array } {
  return {
    shape,
    values: normals(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
  };
}
