/**
 * Kernels tfjs-backend-wasm 4.22 lacks (or runs slowly) for training, registered on the wasm backend.
 * Added: Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter/Input, UnsortedSegmentSum, Einsum, and
 * ConcertinaAdamUpdate (Adam's step in one SIMD pass, used by src/train/adam.ts).
 * Replaced for speed (stock kernel kept for the cases they do not speed up): BatchMatMul, _FusedMatMul,
 * Conv2DBackpropInput, Identity (shares data instead of copying it), and Conv2D when native OpenBLAS is
 * loaded (see native-blas.ts).
 * Replaced for correctness: MaxPoolGrad (stock one is wrong for non-positive maxima).
 */
import * as tf from '@tensorflow/tfjs';
import { adamUpdateConfig } from './adam-update.js';
import { batchMatMulConfig, fusedMatMulConfig } from './batch-mat-mul.js';
import { conv2DConfig } from './conv2d.js';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-backprop-input.js';
import { einsumConfig } from './einsum.js';
import { identityConfig } from './identity.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';

export { registerDilatedConv2DGradient } from './conv2d-dilated-gradient.js';
export { cpuAdapterConfig, runOnCpu } from './cpu-adapter.js';

const ADDED: readonly tf.KernelConfig[] = [
  adamUpdateConfig,
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  unsortedSegmentSumConfig,
  einsumConfig,
];

const REPLACED: ReadonlyArray<readonly [string, (stock: tf.KernelConfig) => tf.KernelConfig]> = [
  [tf.BatchMatMul, batchMatMulConfig],
  [tf._FusedMatMul, fusedMatMulConfig],
  [tf.Conv2DBackpropInput, conv2DBackpropInputConfig],
  [tf.Conv2D, conv2DConfig],
  [tf.Identity, identityConfig],
  [tf.MaxPoolGrad, maxPoolGradConfig],
];

/** Kernel names this module adds to wasm, and those it wraps. */
export const wasmKernelNames = {
  added: ADDED.map((k) => k.kernelName),
  replaced: REPLACED.map(([name]) => name),
} as const;

const ours = new WeakSet<tf.KernelFunc>();
const stockConfigs = new Map<string, tf.KernelConfig>();

function registered(name: string): tf.KernelConfig | undefined {
  return tf.getKernelsForBackend('wasm').find((k) => k.kernelName === name);
}

/**
 * Registers the missing and faster kernels on the wasm backend; safe to call any number of times.
 * Returns the names newly registered by this call.
 */
export function registerMissingWasmKernels(): string[] {
  const done: string[] = [];
  for (const config of ADDED) {
    // A future tfjs-backend-wasm with its own kernel wins.
    if (registered(config.kernelName) !== undefined) continue;
    tf.registerKernel(config);
    ours.add(config.kernelFunc);
    done.push(config.kernelName);
  }
  for (const [name, wrap] of REPLACED) {
    const stock = registered(name);
    if (stock === undefined || ours.has(stock.kernelFunc)) continue;
    const config = wrap(stock);
    stockConfigs.set(name, stock);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
    ours.add(config.kernelFunc);
    done.push(name);
  }
  return done;
}

/** Runs `fn` with tfjs's stock versions of the replaced kernels (benchmarks compare against them). */
export async function withStockWasmKernels<T>(fn: () => T | Promise<T>): Promise<T> {
  const swapped = [...stockConfigs.entries()].map(([name, stock]) => [registered(name)!, stock] as const);
  const swap = (to: (pair: readonly [tf.KernelConfig, tf.KernelConfig]) => tf.KernelConfig) => {
    for (const pair of swapped) {
      tf.unregisterKernel(pair[0].kernelName, 'wasm');
      tf.registerKernel(to(pair));
    }
  };
  swap(([, stock]) => stock);
  try {
    return await fn();
  } finally {
    swap(([ours]) => ours);
  }
}
