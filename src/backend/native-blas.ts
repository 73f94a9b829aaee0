/**
 * OpenBLAS's cblas_sgemm, called through koffi (an FFI whose binaries ship in its npm packages) on
 * Float32Array views of the wasm heap, so products run natively with no copies in or out. Optional:
 * without koffi or libopenblas (Debian: apt-get install libopenblas0), or with CONCERTINA_BLAS=off,
 * the wasm kernels use XNNPACK as before. On this project's 2-core machine a single OpenBLAS thread
 * runs matmuls at 3-4x XNNPACK's rate; the library is pinned to one thread (CONCERTINA_BLAS_THREADS
 * to change) so parallel workers do not oversubscribe the cores.
 */
import { createRequire } from 'node:module';

/** The little of koffi used here, typed locally: an optional dependency's types may be absent at build time. */
interface Koffi {
  readonly version: string;
  load(path: string): { func(signature: string): unknown };
}

/** C = alpha·op(A)·op(B) + beta·C, row-major; op transposes when the flag is set. */
export type Sgemm = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  lda: number,
  b: Float32Array,
  ldb: number,
  beta: number,
  c: Float32Array,
  ldc: number,
) => void;

/** Whether native matmul is in use, and why (or why not). */
export interface NativeBlas {
  readonly sgemm: Sgemm | undefined;
  /** e.g. "OpenBLAS 0.3.21 (libopenblas.so.0) via koffi 3.3.4, 1 thread" or why XNNPACK is used. */
  readonly detail: string;
}

const LIBRARIES: Record<string, readonly string[]> = {
  linux: ['libopenblas.so.0', 'libopenblas.so', 'libopenblas64_.so.0'],
  darwin: ['/opt/homebrew/opt/openblas/lib/libopenblas.dylib', '/usr/local/opt/openblas/lib/libopenblas.dylib'],
  win32: ['libopenblas.dll'],
};

const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

let found: NativeBlas | undefined;
let active = true;

/** Loads OpenBLAS once; later calls return the same answer. */
export function nativeBlas(): NativeBlas {
  found ??= load();
  return active ? found : { sgemm: undefined, detail: 'XNNPACK (native BLAS switched off for this call)' };
}

/** Runs `fn` on the XNNPACK path even when OpenBLAS is loaded (tests compare the two). */
export function withoutNativeBlas<T>(fn: () => T): T {
  const before = active;
  active = false;
  try {
    return fn();
  } finally {
    active = before;
  }
}

function load(): NativeBlas {
  const env = globalThis.process?.env ?? {};
  if (env.CONCERTINA_BLAS === 'off') return { sgemm: undefined, detail: 'XNNPACK (CONCERTINA_BLAS=off)' };
  const require = createRequire(import.meta.url);
  let koffi: Koffi;
  try {
    koffi = require('koffi') as Koffi;
  } catch (e) {
    return { sgemm: undefined, detail: `XNNPACK (koffi not loadable: ${firstLine(e)})` };
  }
  const names = LIBRARIES[process.platform] ?? ['libopenblas.so.0'];
  for (const name of names) {
    let lib: ReturnType<typeof koffi.load>;
    try {
      lib = koffi.load(name);
    } catch {
      continue;
    }
    try {
      const signature =
        'void cblas_sgemm(int, int, int, int, int, int, float, const float *, int, ' +
        'const float *, int, float, float *, int)';
      const raw = lib.func(signature) as (...args: unknown[]) => void;
      const threads = Math.max(1, Number(env.CONCERTINA_BLAS_THREADS ?? 1) || 1);
      (lib.func('void openblas_set_num_threads(int)') as (n: number) => void)(threads);
      const config = (lib.func('const char *openblas_get_config()') as () => string)();
      const sgemm: Sgemm = (tA, tB, m, n, k, a, lda, b, ldb, beta, c, ldc) =>
        raw(ROW_MAJOR, tA ? TRANS : NO_TRANS, tB ? TRANS : NO_TRANS, m, n, k, 1, a, lda, b, ldb, beta, c, ldc);
      if (!selfTest(sgemm)) return { sgemm: undefined, detail: `XNNPACK (${name} gave wrong products)` };
      const lib0 = config.split(' ').slice(0, 2).join(' ');
      return {
        sgemm,
        detail: `${lib0} (${name}) via koffi ${koffi.version}, ${threads} thread${threads > 1 ? 's' : ''}`,
      };
    } catch (e) {
      return { sgemm: undefined, detail: `XNNPACK (${name} unusable: ${firstLine(e)})` };
    }
  }
  return { sgemm: undefined, detail: `XNNPACK (OpenBLAS not found: tried ${names.join(', ')})` };
}

/** A small transposed product against a plain loop: a broken or ILP64 library must not be used. */
function selfTest(sgemm: Sgemm): boolean {
  const m = 3;
  const n = 4;
  const k = 5;
  const a = Float32Array.from({ length: k * m }, (_, i) => Math.sin(i + 1)); // stored [k, m]: op(A) = Aᵀ
  const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i + 2)); // [k, n]
  const c = new Float32Array(m * n);
  sgemm(true, false, m, n, k, a, m, b, n, 0, c, n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[p * m + i]! * b[p * n + j]!;
      if (Math.abs(s - c[i * n + j]!) > 1e-4) return false;
    }
  return true;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
