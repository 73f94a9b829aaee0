/**
 * Parallel efficiency of ablations: the same grid of trials with 1 worker and with 2 workers (fresh
 * caches each time, data pre-generated so that both start equal). Prints wall times and the speed-up.
 * Target: at least 1.8x on 2 cores. It also measures the machine's own ceiling: a plain tfjs training
 * loop in one process, then in two at once (bench/plain-training-loop.ts); where two concurrent
 * processes slow each other down (shared caches, SIMD units of hyperthreads), no scheduler reaches 2x.
 * Run: node --import tsx bench/ablation-parallel.ts
 */
import { lastValueFrom, tap } from 'rxjs';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAblation } from '../src/ablation/run-ablation.js';
import { validateSpec } from '../src/spec/load-spec.js';
import { tabularBenchSpec } from './tabular-spec.js';

const spec = tabularBenchSpec({
  name: 'parallel-bench',
  classes: 10,
  features: 64,
  informative: 16,
  examplesPerClass: 600,
  hidden: [256, 256],
  training: { epochs: 12, batchSize: 64, optimizer: { kind: 'adam', learningRate: 0.001 }, seed: 1 },
  ablation: { modes: ['staged', 'end-to-end'], trainFractions: [1], seeds: [1, 2, 3, 4] },
});

interface Timing {
  /** The whole command: workers starting, trials, report and plots. */
  readonly wall: number;
  /** From the first trial's start to the last trial's end. */
  readonly trials: number;
  /** Mean duration of one trial (grows when two trials compete for memory bandwidth). */
  readonly perTrial: number;
}

async function timed(workers: number): Promise<Timing> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `parallel-${workers}-`));
  try {
    const loaded = validateSpec(structuredClone(spec), path.join(dir, 'spec.json'), {}, dir);
    const t0 = performance.now();
    let first = Infinity;
    let last = 0;
    const durations: number[] = [];
    await lastValueFrom(
      runAblation({
        loaded,
        raw: structuredClone(spec),
        grid: {},
        runsDir: `${dir}/runs`,
        cacheDir: `${dir}/cache`,
        workers,
        backend: 'wasm',
        command: 'bench',
      }).pipe(
        tap((e) => {
          if (e.type === 'trial-started') first = Math.min(first, performance.now());
          if (e.type === 'trial-completed') {
            last = performance.now();
            durations.push(e.result.durationMs);
          }
        }),
      ),
    );
    const wall = performance.now() - t0;
    return { wall, trials: last - first, perTrial: durations.reduce((a, b) => a + b, 0) / durations.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds that `copies` plain tfjs training processes, started together, each take. */
async function plainLoops(copies: number): Promise<number[]> {
  const script = fileURLToPath(new URL('./plain-training-loop.ts', import.meta.url));
  const run = () =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', script, '40']).then((r) =>
      Number(r.stdout.trim().split('\n').pop()),
    );
  return Promise.all(Array.from({ length: copies }, run));
}

const trials = spec.ablation.modes.length * spec.ablation.seeds.length;
console.log(`${trials} trials (MLP 64-256-256-10, 12 epochs, 4,800 training examples each), ${os.cpus().length} cores`);
// What the machine gives: the same work in one process, then in two at once (no concertina code).
const alone = (await plainLoops(1))[0]!;
const pair = await plainLoops(2);
const ceiling = (2 * alone) / Math.max(...pair);
console.log(
  `machine: a plain tfjs training loop takes ${alone.toFixed(1)} s alone, ` +
    `${pair.map((s) => s.toFixed(1)).join(' s and ')} s when two run at once: ` +
    `two processes give at most ${ceiling.toFixed(2)}x`,
);
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const show = (label: string, t: Timing) =>
  console.log(
    `${label}: ${sec(t.wall)} in all, trials ${sec(t.trials)}, ` +
      `fixed costs (workers starting, report, plots) ${sec(t.wall - t.trials)}, ${sec(t.perTrial)} per trial`,
  );
const one = await timed(1);
show('1 worker ', one);
const two = await timed(2);
show('2 workers', two);
const speedUp = one.wall / two.wall;
console.log(
  `speed-up ${speedUp.toFixed(2)}x in all (target >= 1.8x), ` +
    `${(one.trials / two.trials).toFixed(2)}x over the trials; ` +
    `one trial takes ${(two.perTrial / one.perTrial).toFixed(2)}x as long when two run at once`,
);
console.log(
  `against what the machine gives two processes (${ceiling.toFixed(2)}x): ${((speedUp / ceiling) * 100).toFixed(0)}%`,
);
