/**
 * One espeak-ng instance that runs its command line many times.
 *
 * The package's factory runs `main` once per instance, and an instance costs ~170 ms even from a
 * compiled module. Calling `main` again on a used instance is unsafe (getopt's optind and espeak's static
 * state persist), so the engine snapshots linear memory right after start-up, before `main`, and
 * restores it before every run: each run starts from exactly the state of a fresh instance, at the cost
 * of copying the changed part of memory (the 18 MB of embedded data files are never written and are
 * skipped). The virtual file system lives in JS, but the only file a run leaves is the output we delete.
 *
 * Speed: every run makes espeak-ng list all ~370 voice files (open, stat, read each), and Emscripten's
 * JS file system resolves each path by string normalisation, which cost three times the synthesis
 * itself. The data tree never changes, so path look-ups under espeak-ng-data are memoised per engine.
 *
 * Determinism: espeak-ng seeds its noise generator (breath, used by several variants such as f2) from
 * the clock, so two fresh instances give different samples for the same arguments. The engine replaces
 * the clock import by a value the caller sets per run (`clockSeed`), which makes a run a pure function
 * of (arguments, clockSeed) while still letting callers vary the noise.
 */
import {
  ESPEAK_DATA_DIR,
  compileEspeak,
  loadEspeakFactory,
  wasmApi,
  type EmscriptenModule,
  type WasmInstance,
  type WasmModule,
} from './espeak-module.js';

/** What one command-line run printed and returned. */
export interface EspeakRun {
  readonly status: number;
  readonly stdout: string[];
  readonly stderr: string[];
}

/** How to start an engine. */
export interface EngineOptions {
  /** Compiled espeak-ng module (worker threads receive the parent's). */
  readonly module?: WasmModule;
  /** Memoise file look-ups under espeak-ng-data (default true; false only to check it changes nothing). */
  readonly memoiseDataLookups?: boolean;
}

interface Exports {
  memory: { readonly buffer: ArrayBuffer };
  __main_argc_argv(argc: number, argv: number): number;
  fflush(stream: number): number;
  stackSave(): number;
  stackRestore(sp: number): void;
  stackAlloc(bytes: number): number;
  __emscripten_embedded_file_data: { readonly value: number };
}

/** A reusable espeak-ng command line; see the file comment for how runs are isolated. */
export class EspeakEngine {
  private clockMs = 0;
  private stdout: string[] = [];
  private stderr: string[] = [];
  private emscripten!: EmscriptenModule;
  private exports!: Exports;
  /** Start-up contents of the memory a run may write: [address, bytes]. */
  private snapshot!: Array<[number, Uint8Array]>;
  private stackTop = 0;
  private variantList: string[] | undefined;

  private constructor() {}

  /** Starts an instance (from the process-wide compiled module unless one is given). */
  static async create(options: EngineOptions = {}): Promise<EspeakEngine> {
    const engine = new EspeakEngine();
    const wasm = options.module ?? (await compileEspeak());
    const factory = await loadEspeakFactory();
    let instance: WasmInstance | undefined;
    engine.emscripten = await factory({
      noInitialRun: true,
      print: (line) => engine.stdout.push(line),
      printErr: (line) => engine.stderr.push(line),
      instantiateWasm: (imports, done) => {
        const env = { ...imports['env'], emscripten_date_now: () => engine.clockMs };
        void wasmApi.instantiate(wasm, { ...imports, env }).then((inst) => {
          instance = inst;
          withoutStackTraces(() => done(inst, wasm)); // runs start-up synchronously
        });
        return {};
      },
    });
    engine.exports = instance!.exports as unknown as Exports;
    if (options.memoiseDataLookups ?? true) memoiseDataLookups(engine.emscripten.FS);
    engine.stackTop = engine.exports.stackSave();
    const memory = new Uint8Array(engine.exports.memory.buffer);
    const ranges = writableRanges(memory, engine.exports.__emscripten_embedded_file_data.value);
    engine.snapshot = ranges.map(([from, to]) => [from, memory.slice(from, to)]);
    return engine;
  }

  /** Runs `espeak-ng <args>` from a fresh state; `clockSeed` (seconds) seeds espeak's noise. */
  run(args: readonly string[], clockSeed = 0): EspeakRun {
    const ex = this.exports;
    const heap = new Uint8Array(ex.memory.buffer);
    for (const [at, bytes] of this.snapshot) heap.set(bytes, at);
    ex.stackRestore(this.stackTop);
    this.clockMs = clockSeed * 1000;
    this.stdout = [];
    this.stderr = [];
    const argv = ['espeak-ng', ...args];
    const enc = new TextEncoder();
    const pointers = argv.map((a) => {
      const bytes = enc.encode(a + '\0');
      const p = ex.stackAlloc(bytes.length);
      new Uint8Array(ex.memory.buffer).set(bytes, p);
      return p;
    });
    const table = ex.stackAlloc(4 * (argv.length + 1));
    const u32 = new Uint32Array(ex.memory.buffer, table, argv.length + 1);
    pointers.forEach((p, i) => (u32[i] = p));
    u32[argv.length] = 0;
    let status: number;
    try {
      status = withoutStackTraces(() => {
        const code = ex.__main_argc_argv(argv.length, table);
        ex.fflush(0);
        return code;
      });
    } catch (e) {
      // exit() reaches us as Emscripten's ExitStatus; anything else is a real crash.
      if ((e as { name?: string }).name !== 'ExitStatus') throw e;
      status = (e as { status: number }).status;
    }
    return { status, stdout: this.stdout, stderr: this.stderr };
  }

  /** Reads and deletes a file the last run wrote. */
  takeFile(path: string): Uint8Array {
    const fs = this.emscripten.FS;
    const bytes = fs.readFile(path).slice();
    fs.unlink(path);
    return bytes;
  }

  /** Whether a path exists in the instance's virtual file system. */
  exists(path: string): boolean {
    return this.emscripten.FS.analyzePath(path).exists;
  }

  /** Voice variants (the `+name` suffixes: m1..m8, f1..f5, klatt, whisper, ...), sorted. */
  variants(): string[] {
    this.variantList ??= this.emscripten.FS.readdir(`${ESPEAK_DATA_DIR}/voices/!v`)
      .filter((n) => n !== '.' && n !== '..')
      .sort();
    return this.variantList.slice();
  }
}

type FileSystem = EmscriptenModule['FS'];

/** Replaces FS.lookupPath by a memo for absolute paths inside the read-only data tree (failures too). */
function memoiseDataLookups(fs: FileSystem): void {
  const original = fs.lookupPath.bind(fs);
  // One memo per combination of the options that change the answer (parent, follow, follow_mount).
  const memos = Array.from({ length: 8 }, () => new Map<string, { value: unknown } | { error: unknown }>());
  fs.lookupPath = (path, opts = {}) => {
    if (typeof path !== 'string' || !path.startsWith(DATA_PREFIX) || path.includes('/.') || opts['recurse_count']) {
      return original(path, opts);
    }
    const memo = memos[(opts['parent'] ? 1 : 0) | (opts['follow'] ? 2 : 0) | (opts['follow_mount'] === false ? 4 : 0)]!;
    let hit = memo.get(path);
    if (!hit) {
      try {
        hit = { value: original(path, opts) };
      } catch (error) {
        hit = { error };
      }
      memo.set(path, hit);
    }
    if ('error' in hit) throw hit.error;
    return hit.value;
  };
}

const DATA_PREFIX = `${ESPEAK_DATA_DIR}/`;

/**
 * Emscripten's file system signals "not found"/"exists" with ErrnoError objects that capture a stack
 * trace, thousands of times at start-up (mkdir of every embedded file's directories) and during runs:
 * most of the start-up time. Stack traces are switched off for these synchronous stretches only.
 */
function withoutStackTraces<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const MERGE_BELOW = 1 << 16;

/**
 * Memory ranges a run may write: everything but the embedded data files, which Emscripten serves
 * straight out of linear memory read-only. The table at `tablePtr` holds (name, length, content)
 * triples of u32, ended by a zero name. Files under 64 KiB between two ranges are copied along
 * (restoring unchanged bytes is harmless, and a few large copies beat hundreds of small ones).
 */
function writableRanges(memory: Uint8Array, tablePtr: number): Array<[number, number]> {
  const view = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
  const files: Array<[number, number]> = [];
  for (let p = tablePtr; view.getUint32(p, true) !== 0; p += 12) {
    const content = view.getUint32(p + 8, true);
    files.push([content, content + view.getUint32(p + 4, true)]);
  }
  files.sort((a, b) => a[0] - b[0]);
  const ranges: Array<[number, number]> = [];
  let start = 0; // the current range runs from here to the next large file
  for (const [from, to] of files) {
    if (to - from < MERGE_BELOW) continue;
    if (from > start) ranges.push([start, from]);
    start = Math.max(start, to);
  }
  ranges.push([start, memory.length]);
  return ranges;
}
