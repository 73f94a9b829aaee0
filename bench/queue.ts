/**
 * The trial queue (BullMQ + Redis) against the local worker pool, on a private redis-server and
 * `concertina worker` processes started here (the built CLI: run `npm run build` first). Prints:
 * 1. queue overhead per trial on tiny trials, one worker each way (target < 200 ms), with the
 *    submitter's view of it: trial started -> recorded, less the trial's own run time;
 * 2. the same 8-trial ablation (trials of a few seconds each, so that forking the pool's workers does not
 *    dominate) on the local pool with 2 workers and on the queue with 2 worker processes, interleaved
 *    rounds (alternating which goes first), fresh caches, medians (target: the queue within 5% of the pool);
 * 3. recovery: one long trial, KILLS workers SIGKILLed in turn at different moments of the stalled
 *    checker's period (read from its key in Redis): from each SIGKILL to the trial running again on
 *    another worker, median and max, with the default lock (5 s) and stalled interval (10 s) (target:
 *    under the stalled interval + 5 s); also to its training going past the checkpoint again.
 * Environment: PARTS (123), ROUNDS (2), EIGHT_EXAMPLES (1000 per class), EIGHT_EPOCHS (40), KILLS (3).
 * Run: nice -n 5 node --import tsx bench/queue.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { lastValueFrom, tap } from 'rxjs';
import type * as RunAblation from '../src/ablation/run-ablation.js';
import type { AblationRequest } from '../src/ablation/run-ablation.js';
import type * as QueueRunnerModule from '../src/queue/queue-runner.js';
import type * as QueueUrl from '../src/queue/queue-url.js';
import type * as LoadSpec from '../src/spec/load-spec.js';
import { tabularBenchSpec } from './tabular-spec.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (!existsSync(path.join(root, 'dist/src/queue/trial-processor.js'))) throw new Error('run `npm run build` first');

// Both sides run the built code, as `concertina ablate` and `concertina worker` do: the workers run
// bin/concertina.js, and the pool's trial processes are forked without tsx's loader (fork passes on
// process.execArgv), so that neither side's trials run through tsx.
const built = (m: string) => import(path.join(root, 'dist/src', m));
const { runAblation } = (await built('ablation/run-ablation.js')) as typeof RunAblation;
const { QueueRunner } = (await built('queue/queue-runner.js')) as typeof QueueRunnerModule;
const { parseQueueUrl } = (await built('queue/queue-url.js')) as typeof QueueUrl;
const { validateSpec } = (await built('spec/load-spec.js')) as typeof LoadSpec;
process.execArgv.splice(0, process.execArgv.length);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
/** Part 2's trials: examples per class and epochs (a few seconds per trial). */
const EIGHT_EXAMPLES = Number(process.env.EIGHT_EXAMPLES ?? 1000);
const EIGHT_EPOCHS = Number(process.env.EIGHT_EPOCHS ?? 40);
const KILLS = Number(process.env.KILLS ?? 3);
/** Which parts to run, e.g. PARTS=2 (default all: 123). */
const PARTS = process.env.PARTS ?? '123';
/** The defaults of src/queue/queue-settings.ts, which part 3 measures. */
const LOCK_MS = 5_000;
const STALLED_MS = 10_000;

function spec(examplesPerClass: number, epochs: number, seeds: number[], fractions: number[]) {
  return tabularBenchSpec({
    name: 'queue-bench',
    classes: 4,
    features: 16,
    informative: 8,
    examplesPerClass,
    hidden: [64],
    training: { epochs, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.003 }, seed: 1 },
    ablation: { trainFractions: fractions, seeds },
  });
}

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), `queue-bench-${p}-`));
const children: ChildProcess[] = [];
process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));
// stopped (Ctrl-C, kill): run the exit handler above, so no redis-server or worker is left behind
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(get: () => string, re: RegExp, timeoutMs = 60_000): Promise<number> {
  const t0 = Date.now();
  while (!re.test(get())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${re}:\n${get()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now();
}

async function startRedis(): Promise<string> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => out, /Ready to accept connections/);
  return `redis://127.0.0.1:${port}/0`;
}

interface Worker {
  readonly child: ChildProcess;
  out(): string;
  stop(): Promise<void>;
}

async function startWorker(url: string, cache: string, host: string, env: NodeJS.ProcessEnv): Promise<Worker> {
  const args = ['bin/concertina.js', 'worker', '--queue', url, '--cache', cache, '--host-id', host];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => out, /worker host/);
  return {
    child,
    out: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

interface Measured {
  readonly wall: number;
  /** First trial started -> last trial recorded (the steady state, without starting worker processes). */
  readonly span: number;
  /** Per trial: what the span holds beyond the trials' own run time (dispatch, events, recording). */
  readonly perTrial: number;
  /** Ablation started -> first trial started (queueing and pick-up; for the pool, forking its workers). */
  readonly firstStart: number;
  /** The trials' own mean run time. */
  readonly meanTrial: number;
}

async function ablate(
  doc: ReturnType<typeof spec>,
  workers: number,
  cacheDir: string,
  url?: string,
): Promise<Measured> {
  const dir = tmp('runs');
  const loaded = validateSpec(structuredClone(doc), path.join(dir, 'spec.json'), {}, dir);
  const address = url ? parseQueueUrl(url) : undefined;
  const request: AblationRequest = {
    loaded,
    raw: structuredClone(doc),
    grid: {},
    runsDir: dir,
    cacheDir,
    workers,
    backend: 'wasm',
    command: 'bench',
    ...(address
      ? {
          runner: (cb, ablationId) => new QueueRunner({ address, ablationId, cacheDir, log: () => {} }, cb),
        }
      : {}),
  };
  let first = Infinity;
  let last = 0;
  let ran = 0;
  let runTime = 0;
  const t0 = performance.now();
  await lastValueFrom(
    runAblation(request).pipe(
      tap((e) => {
        if (e.type === 'trial-started') first = Math.min(first, performance.now());
        if (e.type === 'trial-completed' && !e.reused) {
          last = performance.now();
          ran++;
          runTime += e.result.durationMs;
        }
        if (e.type === 'trial-failed') throw new Error(`${e.trial}: ${e.error.message}`);
      }),
    ),
  );
  const wall = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  const span = last - first;
  return { wall, span, perTrial: (span * workers - runTime) / ran, firstStart: first - t0, meanTrial: runTime / ran };
}

const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const url = await startRedis();
  const env = { CONCERTINA_QUEUE_NAME: 'bench', CONCERTINA_QUEUE_POLL_MS: '2000' };
  Object.assign(process.env, env);
  console.log(`queue bench: ${os.cpus().length} cores, load ${load()}, ${ROUNDS} interleaved rounds`);

  const m = (xs: Measured[], k: keyof Measured) => median(xs.map((x) => x[k]));
  if (PARTS.includes('1')) {
    // 1. Overhead per trial: 6 tiny trials one after the other (one worker each way), caches warm for data.
    const tiny = spec(40, 1, [1, 2, 3], [0.5, 1]);
    const tinyCache = tmp('cache');
    const one = await startWorker(url, tinyCache, 'bench-1', env);
    await ablate(spec(40, 1, [9], [1]), 1, tinyCache, url); // warm the worker's trial process
    const o = { local: [] as Measured[], queue: [] as Measured[] };
    for (let r = 0; r < ROUNDS; r++) {
      o.local.push(await ablate(tiny, 1, tmp('cache')));
      for (const d of readdirSync(tinyCache)) rmSync(path.join(tinyCache, d), { recursive: true, force: true });
      o.queue.push(await ablate(tiny, 1, tinyCache, url));
    }
    await one.stop();
    console.log(
      `1. overhead per trial (6 tiny trials, 1 worker): queue ${m(o.queue, 'perTrial').toFixed(0)} ms, local pool ` +
        `${m(o.local, 'perTrial').toFixed(0)} ms beyond the trials' own run time -> queue overhead ` +
        `${(m(o.queue, 'perTrial') - m(o.local, 'perTrial')).toFixed(0)} ms per trial (target < 200 ms); ` +
        `first trial started ${m(o.queue, 'firstStart').toFixed(0)} ms after submitting (queue, workers running) ` +
        `vs ${m(o.local, 'firstStart').toFixed(0)} ms (pool, forking its worker); wall ${s(m(o.queue, 'wall'))} ` +
        `vs ${s(m(o.local, 'wall'))} (load ${load()})`,
    );
  }

  if (PARTS.includes('2')) {
    // 2. 8 representative trials (a few seconds each), 2 workers each way, fresh caches each time.
    const eight = spec(EIGHT_EXAMPLES, EIGHT_EPOCHS, [1, 2, 3, 4], [0.5, 1]);
    const shared = tmp('cache');
    const two = [await startWorker(url, shared, 'bench-1', env), await startWorker(url, shared, 'bench-2', env)];
    await ablate(spec(40, 1, [8, 9], [1]), 2, shared, url); // warm both trial processes
    const w = { local: [] as Measured[], queue: [] as Measured[] };
    for (let r = 0; r < ROUNDS; r++) {
      // alternate which side goes first, so that a drift in the machine's load favours neither
      const sides = r % 2 ? (['queue', 'local'] as const) : (['local', 'queue'] as const);
      for (const side of sides) {
        if (side === 'local') w.local.push(await ablate(eight, 2, tmp('cache')));
        else {
          for (const d of readdirSync(shared)) rmSync(path.join(shared, d), { recursive: true, force: true });
          w.queue.push(await ablate(eight, 2, shared, url));
        }
      }
      const [l, q] = [w.local.at(-1)!, w.queue.at(-1)!];
      console.log(
        `   round ${r + 1} (${sides.join(' first, ')} second): wall local ${s(l.wall)}, queue ${s(q.wall)}; ` +
          `trials span local ${s(l.span)}, queue ${s(q.span)}; mean trial local ${s(l.meanTrial)}, queue ` +
          `${s(q.meanTrial)} (load ${load()})`,
      );
    }
    await Promise.all(two.map((x) => x.stop()));
    const ratio = m(w.queue, 'wall') / m(w.local, 'wall');
    const spanRatio = m(w.queue, 'span') / m(w.local, 'span');
    console.log(
      `2. 8-trial ablation (trials of ${s(m(w.local, 'meanTrial'))} on the pool), 2 workers, medians of ${ROUNDS}: ` +
        `wall local pool ${s(m(w.local, 'wall'))}, queue ${s(m(w.queue, 'wall'))} -> queue/local ` +
        `${ratio.toFixed(3)}; first start to last result: ${s(m(w.local, 'span'))} and ${s(m(w.queue, 'span'))} ` +
        `-> ${spanRatio.toFixed(3)} (target: within 5%) (load ${load()})`,
    );
  }

  if (PARTS.includes('3')) {
    // 3. Recovery with the default lock and stalled interval: one long trial, four workers, three kills
    // at different moments of the stalled checker's period (read from the check's own key in Redis).
    const cache = tmp('cache');
    const recEnv = { ...env, CONCERTINA_CHECKPOINT_SECONDS: '0' };
    const pool: Worker[] = [];
    for (let i = 1; i <= KILLS + 1; i++) pool.push(await startWorker(url, cache, `bench-${i}`, recEnv));
    void ablate(spec(400, 100_000, [1], [1]), 2, cache, url).catch(() => undefined); // never awaited
    const redis = new Redis(url, { lazyConnect: false });
    const checkKey = `concertina:${env.CONCERTINA_QUEUE_NAME}:stalled-check`;
    const period = STALLED_MS / 2; // the checker's own period (see workerTimings)
    const starts = (x: Worker) => (x.out().match(/\) started/g) ?? []).length;
    const alive = () => pool.filter((x) => x.child.exitCode === null && x.child.signalCode === null);
    const epoch = () => {
      try {
        const p = path.join(cache, 'partial');
        return Math.max(
          0,
          ...readdirSync(p).map((k) => {
            try {
              const f = path.join(p, k, 'part-0', 'state.json');
              return (JSON.parse(readFileSync(f, 'utf8')) as { epoch: number }).epoch;
            } catch {
              return 0; // being written
            }
          }),
        );
      } catch {
        return 0;
      }
    };
    const pickedUp: number[] = [];
    const resumed: number[] = [];
    const phases = Array.from({ length: KILLS }, (_v, i) => (i + 0.5) / KILLS); // e.g. 1/6, 1/2, 5/6
    for (const [i, phase] of phases.entries()) {
      // the trial runs on a live worker and has trained past its last resumption
      const before = new Map(alive().map((x) => [x, starts(x)]));
      const running = () =>
        alive().find((x) => starts(x) > 0 && x.out().lastIndexOf(') started') > x.out().lastIndexOf(' done'));
      let victim: Worker | undefined;
      const e0 = epoch();
      await waitFor(() => ((victim = running()) && epoch() >= e0 + 2 ? 'go' : ''), /go/, 180_000);
      // wait for the chosen moment of the checker's period: `phase` of it since the last check
      for (;;) {
        const ttl = await redis.pttl(checkKey);
        if (ttl > 0 && period - ttl >= phase * period && period - ttl < phase * period + 100) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const killedEpoch = epoch();
      const killed = Date.now();
      victim!.child.kill('SIGKILL');
      const others = alive().filter((x) => x !== victim);
      const again = await waitFor(
        () => (others.some((x) => starts(x) > (before.get(x) ?? 0)) ? 'go' : ''),
        /go/,
        120_000,
      );
      const trained = await waitFor(() => (epoch() > killedEpoch ? 'go' : ''), /go/, 120_000);
      pickedUp.push(again - killed);
      resumed.push(trained - killed);
      console.log(
        `   kill ${i + 1} at ${((phase * period) / 1000).toFixed(1)} s after a stalled check: trial running again on ` +
          `another worker in ${s(again - killed)}, training again (past its checkpoint) in ${s(trained - killed)} ` +
          `(load ${load()})`,
      );
    }
    redis.disconnect();
    const bound = STALLED_MS + 5_000;
    console.log(
      `3. recovery (${KILLS} kills; lock ${LOCK_MS / 1000} s, stalled interval ${STALLED_MS / 1000} s): SIGKILL -> ` +
        `trial running again on another worker: median ${s(median(pickedUp))}, max ${s(Math.max(...pickedUp))} ` +
        `(target < ${bound / 1000} s: ${Math.max(...pickedUp) < bound ? 'met' : 'NOT met'}); training again: median ` +
        `${s(median(resumed))}, max ${s(Math.max(...resumed))} (the dead attempt's cache lease taken over at once) ` +
        `(load ${load()})`,
    );
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
