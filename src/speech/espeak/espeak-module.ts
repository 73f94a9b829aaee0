/**
 * Locating and compiling the `espeak-ng` npm package (eSpeak NG 1.52-dev built with Emscripten: an
 * 18 MB wasm file that embeds espeak-ng-data). Compiling takes ~130 ms, so it happens once per process
 * (or once per worker pool: a WebAssembly.Module can be posted to worker threads).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError } from '../../errors/pipeline-error.js';

/** A compiled WebAssembly.Module (opaque: the project's lib settings carry no WebAssembly types). */
export type WasmModule = object;

/** A WebAssembly.Instance, as far as we use it. */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

/** The imports object handed to instantiateWasm: module name -> field -> value. */
export type WasmImports = Record<string, Record<string, unknown>>;

interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: WasmImports): Promise<WasmInstance>;
}

/** The global WebAssembly object, typed locally. */
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** What the package's MODULARIZE factory accepts (the parts we use). */
export interface EmscriptenOptions {
  arguments?: string[];
  noInitialRun?: boolean;
  print?: (line: string) => void;
  printErr?: (line: string) => void;
  instantiateWasm?: (imports: WasmImports, done: (instance: WasmInstance, module: WasmModule) => void) => object;
}

/** The Emscripten module object (the parts we use). */
export interface EmscriptenModule {
  FS: {
    lookupPath(path: string, opts?: Record<string, unknown>): unknown;
    readFile(path: string): Uint8Array;
    readdir(path: string): string[];
    unlink(path: string): void;
    analyzePath(path: string): { exists: boolean };
  };
}

export type EspeakFactory = (options: EmscriptenOptions) => Promise<EmscriptenModule>;

/** Where espeak-ng-data lives inside the module's virtual file system. */
export const ESPEAK_DATA_DIR = '/usr/local/share/espeak-ng-data';

const require = createRequire(import.meta.url);
let packageDirCache: string | undefined;

/**
 * Where the `espeak-ng` package is installed. It is an optional dependency (GPL-3.0-or-later, run in this
 * process), so its absence is an error that names it, its licence and how to install it.
 */
function packageDir(): string {
  if (packageDirCache !== undefined) return packageDirCache;
  try {
    packageDirCache = dirname(require.resolve('espeak-ng/package.json'));
  } catch (cause) {
    throw new DataError('synthetic speech needs the optional package espeak-ng, which is not installed', {
      hint:
        'espeak-ng (GPL-3.0-or-later) is left out by `npm install --omit=optional`; install it with ' +
        '`npm install espeak-ng`, or use a dataset of recordings instead',
      cause,
    });
  }
  return packageDirCache;
}

/** The installed `espeak-ng` npm package version (part of cache keys: another build speaks differently). */
export function espeakPackageVersion(): string {
  return (JSON.parse(readFileSync(join(packageDir(), 'package.json'), 'utf8')) as { version: string }).version;
}

let compiled: Promise<WasmModule> | undefined;
let factory: Promise<EspeakFactory> | undefined;

/** The package's wasm, compiled once per process. */
export function compileEspeak(): Promise<WasmModule> {
  compiled ??= Promise.resolve()
    .then(() => wasmApi.compile(readFileSync(join(packageDir(), 'dist', 'espeak-ng.wasm'))))
    .catch((e: unknown) => {
      compiled = undefined; // let a later call try again
      throw e;
    });
  return compiled;
}

/** The package's Emscripten factory (the package ships no types, hence the local interface). */
export async function loadEspeakFactory(): Promise<EspeakFactory> {
  const specifier: string = 'espeak-ng';
  packageDir(); // the clear error when it is missing
  factory ??= import(specifier).then((m: { default: EspeakFactory }) => m.default);
  return factory;
}
