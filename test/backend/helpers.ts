/** Shared by the backend tests: seeded data, running the same computation per backend, comparing. */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/backend/select-backend.js';
import { Random } from '../../src/util/random.js';

/** Seeded standard-normal values. */
export function normals(n: number, seed: number, scale = 1): Float32Array {
  const r = new Random(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * r.normal();
  return out;
}

/** Seeded integers in [lo, hi). */
export function ints(n: number, seed: number, lo: number, hi: number): Int32Array {
  const r = new Random(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + r.int(hi - lo);
  return out;
}

/** Runs `fn` with `name` as the active backend (selected through selectBackend, so wasm has our kernels). */
export async function onBackend<T>(name: 'wasm' | 'cpu', fn: () => T | Promise<T>): Promise<T> {
  await selectBackend(name);
  return fn();
}

/** max |a - b| / (1 + max |b|): an error relative to the reference's scale, absolute near zero. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / (1 + scale);
}

/** Sum of element-wise products (float64). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Number of data buffers the active backend holds (catches temporaries kernels forget to free). */
export function backendBuffers(): number {
  return tf.engine().backend.numDataIds();
}
