/**
 * Chooses the tfjs backend: tfjs-node (native TensorFlow) when it loads, else wasm (XNNPACK, SIMD,
 * single-threaded, ~30x the pure-JS cpu backend on matmuls), else cpu. An explicit choice that cannot
 * load is an error the user can act on; 'auto' records why each faster backend was passed over.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type * as WasmBackend from '@tensorflow/tfjs-backend-wasm';
import { PipelineError } from '../errors/pipeline-error.js';
import { installBatchNormTraining } from './batch-norm-training.js';
import { nativeBlas } from './native-blas.js';
import { quietTf } from './quiet-tf.js';
import { registerDilatedConv2DGradient, registerMissingWasmKernels } from './wasm-kernels/index.js';

/** What a user may ask for. */
export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** The backend in use and why. */
export interface BackendInfo {
  /** The active tfjs backend. */
  readonly name: 'tensorflow' | 'wasm' | 'cpu';
  readonly requested: BackendChoice;
  /** Why this backend, including why faster ones were passed over, e.g. "tfjs-node not installed: ...". */
  readonly reason: string;
  readonly versions: { readonly tfjs: string; readonly backend: string };
  /** wasm only: what runs matrix products, "OpenBLAS 0.3.21 (libopenblas.so.0) via koffi ..." or "XNNPACK (why)". */
  readonly matmul?: string;
}

type Attempt =
  { ok: true; version: string; detail: string; matmul?: string } | { ok: false; why: string; cause?: unknown };

const require = createRequire(import.meta.url);
const TFJS_NODE = '@tensorflow/tfjs-node';

let current: BackendInfo | undefined;
let queue: Promise<unknown> = Promise.resolve();
let wasmPathsSet = false;

/** Selects (and initialises) a backend; concurrent and repeated calls are safe. */
export function selectBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  quietTf();
  const next = queue.then(() => select(choice));
  queue = next.catch(() => undefined);
  return next;
}

/** The backend chosen by the last successful `selectBackend`, if tfjs still uses it. */
export function currentBackendInfo(): BackendInfo | undefined {
  return current !== undefined && tf.getBackend() === current.name ? current : undefined;
}

async function select(choice: BackendChoice): Promise<BackendInfo> {
  // The dilated-conv gradient and BatchNorm's training path are backend-independent; the first selection installs them.
  registerDilatedConv2DGradient();
  installBatchNormTraining();
  if (current !== undefined && current.requested === choice && tf.getBackend() === current.name) return current;
  switch (choice) {
    case 'tensorflow':
    case 'wasm':
    case 'cpu': {
      const a = await attempt(choice);
      if (!a.ok) throw unavailable(choice, a);
      return settle(choice, choice, `requested explicitly; ${a.detail}`, a.version, a.matmul);
    }
    case 'auto': {
      const skipped: string[] = [];
      for (const name of ['tensorflow', 'wasm'] as const) {
        const a = await attempt(name);
        if (a.ok) return settle(name, choice, [...skipped, a.detail].join('; '), a.version, a.matmul);
        skipped.push(a.why);
      }
      const a = await attempt('cpu');
      if (!a.ok) throw unavailable('cpu', a);
      return settle('cpu', choice, [...skipped, a.detail].join('; '), a.version);
    }
    default:
      throw new PipelineError(`unknown backend '${String(choice)}'`, {
        hint: "use 'auto', 'tensorflow', 'wasm' or 'cpu'",
      });
  }
}

function settle(
  name: BackendInfo['name'],
  requested: BackendChoice,
  reason: string,
  version: string,
  matmul?: string,
): BackendInfo {
  current = {
    name,
    requested,
    reason,
    versions: { tfjs: tf.version.tfjs, backend: version },
    ...(matmul !== undefined ? { matmul } : {}),
  };
  return current;
}

function attempt(name: BackendInfo['name']): Promise<Attempt> {
  if (name === 'tensorflow') return tryTensorflow();
  if (name === 'wasm') return tryWasm();
  return tryCpu();
}

async function tryTensorflow(): Promise<Attempt> {
  try {
    // A variable specifier: the package is optional and has no types here.
    await import(TFJS_NODE);
  } catch (e) {
    const missing = (e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    return { ok: false, why: `tfjs-node ${missing ? 'not installed' : 'failed to load'}: ${firstLine(e)}`, cause: e };
  }
  if (!(await tf.setBackend('tensorflow')))
    return { ok: false, why: 'tfjs-node loaded but its backend failed to initialise' };
  return { ok: true, version: packageVersion(TFJS_NODE), detail: 'tfjs-node (native TensorFlow) loaded' };
}

async function tryWasm(): Promise<Attempt> {
  let wasm: typeof WasmBackend;
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } catch (e) {
    return { ok: false, why: `tfjs-backend-wasm not loadable: ${firstLine(e)}`, cause: e };
  }
  if (!wasmPathsSet) {
    // In Node the .wasm files are read from disk next to the package's main file; and the threaded
    // build needs Worker/SharedArrayBuffer plumbing tfjs does not support in Node, so keep it off.
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasm.setWasmPaths(dir);
    wasmPathsSet = true;
  }
  registerMissingWasmKernels();
  let ok: boolean;
  try {
    ok = await tf.setBackend('wasm');
  } catch (e) {
    return { ok: false, why: `wasm backend failed to initialise: ${firstLine(e)}`, cause: e };
  }
  if (!ok) return { ok: false, why: 'wasm backend failed to initialise (its .wasm binary could not be loaded)' };
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const matmul = nativeBlas().detail;
  return {
    ok: true,
    version: wasm.version_wasm,
    detail: `wasm loaded (${simd ? 'SIMD' : 'no SIMD'}, single-threaded; matmul: ${matmul})`,
    matmul,
  };
}

async function tryCpu(): Promise<Attempt> {
  if (!(await tf.setBackend('cpu'))) return { ok: false, why: 'the cpu backend failed to initialise' };
  return {
    ok: true,
    version: tf.version['tfjs-backend-cpu'] ?? tf.version.tfjs,
    detail: 'cpu (pure JavaScript) selected',
  };
}

function unavailable(name: BackendInfo['name'], a: Extract<Attempt, { ok: false }>): PipelineError {
  const hints: Record<BackendInfo['name'], string> = {
    tensorflow:
      'install @tensorflow/tfjs-node (its install step downloads libtensorflow, so it needs network access ' +
      "and a supported OS/CPU), or use backend 'auto' or 'wasm'",
    wasm:
      'reinstall @tensorflow/tfjs-backend-wasm (its dist/*.wasm files must be present), ' +
      "or use backend 'auto' or 'cpu'",
    cpu: 'reinstall @tensorflow/tfjs',
  };
  return new PipelineError(`backend '${name}' is not available: ${a.why}`, { hint: hints[name], cause: a.cause });
}

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
