/**
 * Runs synthesis jobs in-process or on a small pool of worker threads, each holding its own engine
 * (started from the module compiled once by this thread). Jobs go to whichever thread is free; results are
 * handed back by index, and since each job is a pure function of its inputs (espeak-engine.ts) the outcome does
 * not depend on the pool size.
 *
 * The worker file sits next to this one with the same extension: `.ts` under tsx (tests, benches), `.js`
 * in dist/. The parent's execArgv is passed through; for `.ts` the worker also registers tsx itself.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { StageError } from '../../errors/pipeline-error.js';
import { compileEspeak, type WasmModule } from '../espeak/espeak-module.js';
import { sharedEngine, synthesizeWith, type Voice } from '../espeak/synthesize.js';

/** One utterance for a worker. */
export interface SynthesisJob {
  readonly index: number;
  readonly text: string;
  readonly voice: Voice;
  readonly seed: number;
}

/** What a worker posts back. */
export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'result'; index: number; samples: Float32Array; sampleRate: number }
  | { kind: 'error'; index: number; message: string; hint: string | undefined };

/** A job's audio (espeak-ng rate, trimmed). */
export interface SynthesisResult {
  readonly index: number;
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/** How runSynthesis spreads the work. */
export interface PoolOptions {
  /** Synthesis threads in all (default 1: in-process only). */
  readonly workers?: number;
  /** Whether the calling thread synthesises too (default true), so `workers - 1` threads are spawned. */
  readonly useCallingThread?: boolean;
}

/** Jobs done by the calling thread and by spawned threads (for tests and benches). */
export interface PoolReport {
  readonly inProcess: number;
  readonly inWorkers: number;
}

/**
 * Synthesises every job, calling onResult as each finishes (in completion order). The calling thread
 * takes jobs from the same queue while the worker threads start (~0.3-1 s each), yielding between
 * jobs; threads still starting when the queue runs dry are not waited for. So a pool is never much
 * slower than in-process synthesis, even for a handful of utterances.
 */
export async function runSynthesis(
  jobs: readonly SynthesisJob[],
  options: PoolOptions,
  onResult: (r: SynthesisResult) => void,
): Promise<PoolReport> {
  const local = options.useCallingThread ?? true;
  const threads = Math.max(0, Math.min((options.workers ?? 1) - (local ? 1 : 0), jobs.length));
  const queue = new JobQueue(jobs);
  let inProcess = 0;
  const runLocally = async (): Promise<void> => {
    const engine = await sharedEngine();
    for (let job = queue.take(); job; job = queue.take()) {
      onResult({ index: job.index, ...synthesizeWith(engine, job.text, job.voice, { seed: job.seed }) });
      inProcess++;
      if (threads > 0) await new Promise((resolve) => setImmediate(resolve)); // let worker replies in
    }
  };
  if (threads === 0) {
    await runLocally();
    return { inProcess, inWorkers: 0 };
  }
  const module = await compileEspeak();
  const pool = Array.from({ length: threads }, () => spawn(module));
  try {
    await Promise.all([...(local ? [runLocally()] : []), ...pool.map((w) => drain(w, queue, onResult))]);
  } catch (e) {
    queue.stop();
    throw e;
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { inProcess, inWorkers: jobs.length - inProcess };
}

/** The shared queue; tells idle threads when it has run dry. */
class JobQueue {
  private next = 0;
  private readonly idle = new Set<() => void>();
  constructor(readonly jobs: readonly SynthesisJob[]) {}

  take(): SynthesisJob | undefined {
    const job = this.jobs[this.next];
    if (job === undefined) this.idle.forEach((wake) => wake());
    else this.next++;
    return job;
  }

  /** Registers `wake`, called whenever a taker finds the queue empty. */
  onEmpty(wake: () => void): () => void {
    this.idle.add(wake);
    return () => this.idle.delete(wake);
  }

  stop(): void {
    this.next = this.jobs.length;
  }
}

/** Feeds one worker jobs until the queue is empty and its last job is back. */
function drain(worker: Worker, queue: JobQueue, onResult: (r: SynthesisResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let busy = false;
    const settle = (e?: Error): void => {
      forget();
      worker.removeAllListeners();
      worker.on('error', () => {}); // whatever happens while it is terminated is no longer ours
      if (e) reject(e);
      else resolve();
    };
    const forget = queue.onEmpty(() => {
      if (!busy) settle();
    });
    const feed = (): void => {
      const job = queue.take();
      busy = job !== undefined;
      if (job) worker.postMessage(job);
      else settle();
    };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'error') {
        const job = queue.jobs.find((j) => j.index === reply.index);
        return settle(
          new StageError(`speech synthesis failed on ${JSON.stringify(job?.text)}: ${reply.message}`, {
            hint: reply.hint,
          }),
        );
      }
      if (reply.kind === 'result') onResult(reply);
      feed();
    });
    worker.on('error', (e) => settle(new StageError(`speech synthesis worker crashed: ${e.message}`, { cause: e })));
    worker.on('exit', (code) => settle(new StageError(`speech synthesis worker exited early (code ${code})`)));
  });
}

function spawn(module: WasmModule): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const entry = new URL(`./synth-worker${ext}`, import.meta.url);
  const options = { workerData: { module }, execArgv: process.execArgv };
  if (ext !== '.ts') return new Worker(entry, options);
  // Node 20 does not apply the parent's `--import tsx` hooks to a worker's entry module, so the worker
  // registers tsx itself before importing the TypeScript entry.
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import(${api}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
