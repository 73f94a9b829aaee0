/**
 * Identity for wasm without a copy. The engine clones every tensor it saves for backprop (and tf.clone,
 * keep-alive copies in tfjs-layers), and the stock wasm kernel copies the data each time; tensors never
 * change in place, so the clone can share the buffer by reference count, as the cpu backend's does.
 */
import type * as tf from '@tensorflow/tfjs';
import { input, type WasmKernelArgs } from './wasm-util.js';

/** Wraps the stock Identity config: shared data for numeric tensors, the stock kernel for strings. */
export function identityConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const run = (args: WasmKernelArgs) => {
    const x = input(args, 'x');
    if (x.dtype === 'string') return stock.kernelFunc(args as never);
    args.backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  return { ...stock, kernelFunc: run as unknown as tf.KernelFunc };
}
