/**
 * Queue mode under failure: a worker SIGKILLed in the middle of a trial (another host takes the trial
 * over and resumes it from its last epoch checkpoint), and Redis restarted in the middle of an ablation.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cli, repoRoot } from '../helpers/cli.js';
import { privateRedis, startWorker, stopWorkers, type WorkerProcess } from '../helpers/redis.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tabularSpec } from '../helpers/specs.js';
import { ablationDir, quickEnv, reportTrials, specFile, starts } from './queue-ablation.js';

test.after.always(stopWorkers);

/** The furthest epoch any training checkpoint in the cache has reached. */
function checkpointEpoch(cache: string): number {
  const partial = path.join(cache, 'partial');
  if (!existsSync(partial)) return 0;
  let best = 0;
  for (const key of readdirSync(partial)) {
    const state = path.join(partial, key, 'part-0', 'state.json');
    try {
      best = Math.max(best, (JSON.parse(readFileSync(state, 'utf8')) as { epoch: number }).epoch);
    } catch {
      /* being written */
    }
  }
  return best;
}

/** Metrics equal to float32 rounding (a resumed training agrees with an uninterrupted one to ~1e-6). */
function close(t: { true(v: boolean, m?: string): void }, a: unknown[], b: unknown[]): void {
  const json = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' ? +v.toPrecision(4) : v));
  t.true(json(a) === json(b), `${json(a)}\n!==\n${json(b)}`);
}

test.serial(
  'a worker killed mid-trial: another host takes the trial over and resumes from its checkpoint',
  async (t) => {
    const redis = await privateRedis();
    // cache leases far longer than the test: the new attempt must take the dead process's lease over
    // because the queue handed it the job, not because the lease lapsed
    const env = { ...quickEnv(true), CONCERTINA_LEASE_MS: '120000' };
    const base = tabularSpec();
    const spec = specFile(
      { trainFractions: [1], seeds: [1] },
      {
        dataset: { ...base.dataset, params: { ...base.dataset.params, examplesPerClass: 200 } },
        training: { ...base.training, epochs: 24 },
      },
    );
    const cache = tempDir();
    const workers = [
      await startWorker(redis.url, cache, 'host-1', env),
      await startWorker(redis.url, cache, 'host-2', env),
    ];
    const out = tempDir();
    const submit = cli(['ablate', spec, '--queue', redis.url, '--cache', cache, '--out', out], {
      env,
      timeoutMs: 240_000,
    });
    const running = await new Promise<WorkerProcess>((resolve) => {
      const timer = setInterval(() => {
        const w = workers.find((x) => starts(x.output()) > 0);
        if (w && checkpointEpoch(cache) >= 3) {
          clearInterval(timer);
          resolve(w);
        }
      }, 50);
    });
    const killedAt = Date.now();
    running.child.kill('SIGKILL');
    const other = workers.find((w) => w !== running)!;
    await other.waitFor(/trial \S+ \(.*\) started/, 60_000);
    const recovery = Date.now() - killedAt;
    await other.waitFor(/taking it over/, 60_000);
    const leaseTaken = Date.now() - killedAt;
    const r = await submit;
    t.is(r.code, 0, r.stderr);
    t.log(`running again elsewhere ${recovery} ms after the SIGKILL, its cache lease taken ${leaseTaken} ms after`);
    // far under the 120-s lease: taken over because the queue handed the job on, not because it lapsed
    t.true(leaseTaken < 60_000, `lease taken over ${leaseTaken} ms after the kill`);
    // the stalled check runs every 1 s (half the interval): taken over within max(lock, 1 s) + 1 s = 3 s
    t.true(recovery < 2000 + 5000, 'within the stalled interval + 5 s');
    const dead = running === workers[0] ? 'host-1' : 'host-2';
    t.regex(
      other.output(),
      // the lease of the killed trial process is taken over at once (it ran an earlier attempt of the
      // job), not after it lapses
      new RegExp(
        `stale, its holder \\(host ${dead}, pid \\d+\\) ran an earlier attempt of this trial.*; taking it over`,
      ),
    );
    const events = readFileSync(path.join(ablationDir(out), 'trials', 'staged__f1__s1', 'events.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; epoch?: number });
    const epochs = events.filter((e) => e.type === 'epoch-end').map((e) => e.epoch!);
    t.true(epochs[0]! > 3, `resumed after the checkpoint, not from epoch 1: ${epochs.join(',')}`);
    t.is(epochs.at(-1), 24);
    const local = tempDir();
    const pool = await cli(['ablate', spec, '--workers', '1', '--cache', tempDir(), '--out', local], { env });
    t.is(pool.code, 0, pool.stderr);
    close(t, reportTrials(out), reportTrials(local));
    await redis.stop();
  },
);

test.serial('Redis restarted in the middle of an ablation: workers and submitter reconnect and finish', async (t) => {
  const redis = await privateRedis();
  const env = quickEnv(true);
  const base = tabularSpec();
  const spec = specFile({ trainFractions: [0.5, 1], seeds: [1, 2] }, { training: { ...base.training, epochs: 8 } });
  const cache = tempDir();
  const w1 = await startWorker(redis.url, cache, 'host-1', env);
  const w2 = await startWorker(redis.url, cache, 'host-2', env);
  const out = tempDir();
  const args = ['ablate', spec, '--queue', redis.url, '--cache', cache, '--out', out];
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/concertina.js'), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = new Promise<number | null>((resolve) => child.once('exit', resolve));
  while (!/done \(1\/4\)/.test(err)) {
    if (child.exitCode !== null) t.fail(err);
    await new Promise((r) => setTimeout(r, 50));
  }
  await redis.restart();
  t.is(await code, 0, err);
  t.regex(err, /ablation done in .*: 4 completed, 0 failed/);
  t.true(starts(w1.output()) + starts(w2.output()) >= 4);
  const local = tempDir();
  const pool = await cli(['ablate', spec, '--workers', '2', '--cache', tempDir(), '--out', local], { env });
  t.is(pool.code, 0, pool.stderr);
  t.deepEqual(reportTrials(out), reportTrials(local));
  await Promise.all([w1.stop(), w2.stop()]);
  await redis.stop();
});
