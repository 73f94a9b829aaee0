/** Einsum for wasm (absent from tfjs-backend-wasm 4.22); not used by any layer, so the cpu adapter is enough. */
import * as tf from '@tensorflow/tfjs';
import { cpuAdapterConfig } from './cpu-adapter.js';

/** Kernel registration for wasm (runs the cpu kernel on copies; see cpu-adapter.ts for the cost). */
export const einsumConfig: tf.KernelConfig = cpuAdapterConfig(tf.Einsum);
