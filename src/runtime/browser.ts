/**
 * The runtime as bundled for pages (`dist/browser/concertina-runtime.js`, built by scripts/bundle-runtime.mjs):
 * everything of `concertina/runtime` plus tfjs's WebAssembly backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export * from './index.js';

/** Switches tfjs to the wasm backend, its .wasm files fetched from `base` (a URL ending in /); returns the backend. */
export async function useWasm(base: string): Promise<string> {
  setWasmPaths(base);
  await tf.setBackend('wasm');
  await tf.ready();
  return tf.getBackend();
}
