/**
 * Runs a cpu-backend kernel for the wasm backend on copies of its inputs. Cost: every input and output
 * is copied across the two heaps, and the compute runs at pure-JS cpu speed (~0.7 GFLOP/s, far less for
 * some kernels, e.g. cpu Conv2DBackpropFilter), so this is only for rarely used kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmKernelArgs } from './wasm-util.js';

/** A wasm KernelConfig for `kernelName` that delegates to the cpu kernel of the same name. */
export function cpuAdapterConfig(kernelName: string): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: (args) => runOnCpu(kernelName, args as unknown as WasmKernelArgs),
  };
}

/** Runs the cpu kernel `kernelName` on copies of the wasm inputs and copies its outputs back. */
export function runOnCpu(kernelName: string, args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const cpu = tf.findBackend('cpu');
  const kernel = tf.getKernel(kernelName, 'cpu') as tf.KernelConfig | undefined;
  if (cpu === null || cpu === undefined || kernel === undefined) {
    throw new Error(`cannot run ${kernelName} on wasm: the cpu backend or its ${kernelName} kernel is missing`);
  }
  const made: tf.DataId[] = [];
  // Some kernels (Einsum) take their inputs as an array; keep the container's kind.
  const inputs: tf.NamedTensorInfoMap = Array.isArray(args.inputs) ? ([] as unknown as tf.NamedTensorInfoMap) : {};
  try {
    for (const [name, t] of Object.entries(args.inputs)) {
      if (t === undefined || t === null) continue;
      if (t.dtype === 'string' || t.dtype === 'complex64')
        throw new Error(`${kernelName}: ${t.dtype} inputs are not supported on wasm`);
      const dataId = cpu.write(args.backend.readSync(t.dataId), t.shape, t.dtype);
      made.push(dataId);
      inputs[name] = { dataId, shape: t.shape, dtype: t.dtype };
    }
    const out = kernel.kernelFunc({ inputs, backend: cpu, attrs: args.attrs ?? {} });
    const outs = Array.isArray(out) ? out : [out];
    for (const o of outs) made.push(o.dataId);
    const back = outs.map((o) =>
      args.backend.makeOutput(o.shape, o.dtype, undefined, cpu.readSync(o.dataId) as tf.BackendValues),
    );
    return Array.isArray(out) ? back : back[0]!;
  } finally {
    for (const id of made) cpu.disposeData(id);
  }
}
