/**
 * The trial queue (BullMQ + Redis) against the local worker pool, on a private redis-server and
 * `concertina worker` processes started here (the built CLI: run `npm run build` first). Prints:
 * 1. queue overhead per trial on tiny trials, one worker each way (target < 200 ms), with the
 *    submitter's view of it: trial started -> recorded, less the trial's own run time;
 * 2. the same 8-trial ablation on the local pool with 2 workers and on the queue with 2 worker
 *    processes, interleaved rounds, medians (target: the queue within 5% of the pool);
 * 3. recovery: from a worker's SIGKILL to its trial running again on the other worker, with the default
 *    lock (5 s) and stalled interval (10 s) (target: under the stalled interval + 5 s).
 * Run: nice -n 5 node --import tsx bench/queue.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, tap } from 'rxjs';
import { runAblation, type AblationRequest } from '../src/ablation/run-ablation.js';
import { QueueRunner } from '../src/queue/queue-runner.js';
import { parseQueueUrl } from '../src/queue/queue-url.js';
import { validateSpec } from '../src/spec/load-spec.js';
import { tabularBenchSpec } from './tabular-spec.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.ROUNDS ?? 2);

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
  return { wall, span, perTrial: (span * workers - runTime) / ran, firstStart: first - t0 };
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
  if (!existsSync(path.join(root, 'dist/src/queue/trial-processor.js'))) throw new Error('run `npm run build` first');
  const url = await startRedis();
  const env = { CONCERTINA_QUEUE_NAME: 'bench', CONCERTINA_QUEUE_POLL_MS: '2000' };
  Object.assign(process.env, env);
  console.log(`queue bench: ${os.cpus().length} cores, load ${load()}, ${ROUNDS} interleaved rounds`);

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
  const m = (xs: Measured[], k: keyof Measured) => median(xs.map((x) => x[k]));
  console.log(
    `1. overhead per trial (6 tiny trials, 1 worker): queue ${m(o.queue, 'perTrial').toFixed(0)} ms, local pool ` +
      `${m(o.local, 'perTrial').toFixed(0)} ms beyond the trials' own run time -> queue overhead ` +
      `${(m(o.queue, 'perTrial') - m(o.local, 'perTrial')).toFixed(0)} ms per trial (target < 200 ms); ` +
      `first trial started ${m(o.queue, 'firstStart').toFixed(0)} ms after submitting (queue, workers running) ` +
      `vs ${m(o.local, 'firstStart').toFixed(0)} ms (pool, forking its worker); wall ${s(m(o.queue, 'wall'))} ` +
      `vs ${s(m(o.local, 'wall'))} (load ${load()})`,
  );

  // 2. 8 trials, 2 workers each way, fresh caches each time.
  const eight = spec(300, 6, [1, 2, 3, 4], [0.5, 1]);
  const shared = tmp('cache');
  const two = [await startWorker(url, shared, 'bench-1', env), await startWorker(url, shared, 'bench-2', env)];
  await ablate(spec(40, 1, [8, 9], [1]), 2, shared, url); // warm both trial processes
  const w = { local: [] as Measured[], queue: [] as Measured[] };
  for (let r = 0; r < ROUNDS; r++) {
    w.local.push(await ablate(eight, 2, tmp('cache')));
    for (const d of readdirSync(shared)) rmSync(path.join(shared, d), { recursive: true, force: true });
    w.queue.push(await ablate(eight, 2, shared, url));
    const [l, q] = [w.local.at(-1)!, w.queue.at(-1)!];
    console.log(
      `   round ${r + 1}: wall local ${s(l.wall)}, queue ${s(q.wall)}; trials span local ${s(l.span)}, ` +
        `queue ${s(q.span)} (load ${load()})`,
    );
  }
  await Promise.all(two.map((x) => x.stop()));
  const ratio = m(w.queue, 'wall') / m(w.local, 'wall');
  const spanRatio = m(w.queue, 'span') / m(w.local, 'span');
  console.log(
    `2. 8-trial ablation, 2 workers: wall local pool ${s(m(w.local, 'wall'))}, queue ${s(m(w.queue, 'wall'))} ` +
      `-> queue/local ${ratio.toFixed(3)}; first start to last result: ${s(m(w.local, 'span'))} and ` +
      `${s(m(w.queue, 'span'))} -> ${spanRatio.toFixed(3)} (target: within 5%) (load ${load()})`,
  );

  // 3. Recovery with the default lock and stalled interval.
  const cache = tmp('cache');
  const recEnv = { ...env, CONCERTINA_CHECKPOINT_SECONDS: '0' };
  const pair = [await startWorker(url, cache, 'bench-1', recEnv), await startWorker(url, cache, 'bench-2', recEnv)];
  const long = spec(400, 40, [1], [1]);
  const done = ablate(long, 2, cache, url);
  const starts = (x: Worker) => (x.out().match(/started/g) ?? []).length;
  const epoch = () => {
    try {
      const p = path.join(cache, 'partial');
      return Math.max(
        0,
        ...readdirSync(p).map(
          (k) => (JSON.parse(readFileSync(path.join(p, k, 'part-0', 'state.json'), 'utf8')) as { epoch: number }).epoch,
        ),
      );
    } catch {
      return 0;
    }
  };
  await waitFor(() => (pair.some((x) => starts(x) > 0) && epoch() >= 2 ? 'go' : ''), /go/, 120_000);
  const victim = pair.find((x) => starts(x) > 0)!;
  const other = pair.find((x) => x !== victim)!;
  const killed = Date.now();
  victim.child.kill('SIGKILL');
  const again = await waitFor(() => other.out(), /started/, 120_000);
  await done;
  await other.stop();
  console.log(
    `3. recovery: SIGKILL -> trial running again on the other worker in ${s(again - killed)} ` +
      `(lock 5 s, stalled interval 10 s: target < 15 s) (load ${load()})`,
  );
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
