/**
 * One Adam step for one variable in a single SIMD pass (kernel `ConcertinaAdamUpdate`, wasm): the new
 * value and both moments. tfjs's Adam spends fourteen kernels on this, each a dispatch through the engine
 * and a pass over the data. The loop is hand-written WebAssembly (adam-update.wat) that imports the wasm
 * backend's own memory, so it reads and writes the tensors in place; its float32 operations are tfjs's, in
 * tfjs's order, so results are equal bit for bit. Measured on the MLP 260-256-256-10 (bench/vs-pytorch):
 * see the README. Unavailable (the kernel is not registered) when the backend's memory cannot be found.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { WASM_BASE64 } from './adam-update-wasm.js';
import { f32, input, type WasmKernelArgs } from './wasm-util.js';

export const ADAM_UPDATE = 'ConcertinaAdamUpdate';

/** Attributes of one step, each the float32 scalar tfjs's Adam would use. */
export interface AdamUpdateAttrs {
  beta1: number;
  beta2: number;
  /** 1 - beta1 and 1 - beta2. */
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  /** 1 - beta^t, the bias corrections. */
  correction1: number;
  correction2: number;
  epsilon: number;
  /** Minus the learning rate. */
  negLearningRate: number;
}

type AdamFn = (
  p: number,
  g: number,
  m: number,
  v: number,
  p1: number,
  m1: number,
  v1: number,
  n: number,
  ...scalars: number[]
) => void;

/** The slice of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const instances = new WeakMap<object, AdamFn>();

/** The backend's WebAssembly memory (Emscripten keeps the module's exports under `asm`). */
function backendMemory(backend: BackendWasm): object | undefined {
  const mem = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
  return mem instanceof WA.Memory ? mem : undefined;
}

/** The compiled loop bound to `backend`'s memory, or undefined when it cannot be (no memory, no SIMD). */
export function adamLoop(backend: BackendWasm): AdamFn | undefined {
  const memory = backendMemory(backend);
  if (!memory) return undefined;
  let fn = instances.get(memory);
  if (!fn) {
    try {
      const module = new WA.Module(Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)));
      fn = new WA.Instance(module, { env: { memory } }).exports.adam as AdamFn;
    } catch {
      return undefined;
    }
    instances.set(memory, fn);
  }
  return fn;
}

function adamUpdate(args: WasmKernelArgs): tf.TensorInfo[] {
  const { backend } = args;
  const loop = adamLoop(backend);
  if (!loop) throw new Error(`${ADAM_UPDATE}: the wasm backend's memory is not reachable`);
  const ins = ['value', 'gradient', 'm', 'v'].map((name) => input(args, name));
  const outs = [ins[0]!, ins[2]!, ins[3]!].map((t) => backend.makeOutput([...t.shape], 'float32'));
  const [p, g, m, v, p1, m1, v1] = [...ins, ...outs].map((t) => f32(backend, t).byteOffset);
  const a = args.attrs as unknown as AdamUpdateAttrs;
  const size = f32(backend, ins[0]!).length;
  loop(
    p!,
    g!,
    m!,
    v!,
    p1!,
    m1!,
    v1!,
    size,
    a.beta1,
    a.beta2,
    a.oneMinusBeta1,
    a.oneMinusBeta2,
    a.correction1,
    a.correction2,
    a.epsilon,
    a.negLearningRate,
  );
  return outs;
}

export const adamUpdateConfig: tf.KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'wasm',
  kernelFunc: adamUpdate as unknown as tf.KernelFunc,
};
