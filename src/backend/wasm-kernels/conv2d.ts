/** Conv2D for wasm: im2col + native OpenBLAS when it is loaded (blas-matmul.ts), else the stock XNNPACK kernel. */
import type * as tf from '@tensorflow/tfjs';
import { nativeBlas } from '../native-blas.js';
import { blasConv2D } from './blas-matmul.js';
import type { WasmKernelArgs } from './wasm-util.js';

/** Wraps the stock Conv2D config, keeping its setup and using it whenever OpenBLAS is absent. */
export function conv2DConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const run = (args: WasmKernelArgs) => {
    const sgemm = nativeBlas().sgemm;
    return (sgemm && blasConv2D(args, sgemm)) || stock.kernelFunc(args as never);
  };
  return { ...stock, kernelFunc: run as unknown as tf.KernelFunc };
}
