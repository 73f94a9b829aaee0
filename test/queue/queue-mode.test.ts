/**
 * `concertina ablate --queue` end to end: a private Redis, `concertina worker` processes with their own
 * host identities on one cache folder, tiny trials (seconds each).
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { cli, repoRoot } from '../helpers/cli.js';
import { startWorker, stopWorkers, testRedisUrl } from '../helpers/redis.js';
import { tempDir } from '../helpers/temp-dir.js';
import type { PipelineSpec } from '../../src/spec/generated/pipeline-spec.js';
import { ablationDir, eventTypes, quickEnv, reportText, reportTrials, specFile, starts } from './queue-ablation.js';

const FOUR = { trainFractions: [0.5, 1], seeds: [1, 2] };

test.after.always(stopWorkers);

/** The test Redis, a shared cache folder and two workers on it with different host identities. */
async function twoHosts() {
  const url = await testRedisUrl();
  const env = quickEnv();
  const cache = tempDir();
  const w1 = await startWorker(url, cache, 'host-1', env);
  const w2 = await startWorker(url, cache, 'host-2', env);
  return { url, env, cache, w1, w2 };
}

test.serial('two workers run an ablation from the queue; report and events are those of the local pool', async (t) => {
  const { url, env, cache, w1, w2 } = await twoHosts();
  const spec = specFile(FOUR);
  const out = tempDir();
  const queued = await cli(['ablate', spec, '--queue', url, '--cache', cache, '--out', out], { env });
  t.is(queued.code, 0, queued.stderr);
  t.regex(queued.stderr, /4 trials \(0 already done\) on 2 workers/);
  const local = tempDir();
  const pool = await cli(['ablate', spec, '--workers', '2', '--cache', tempDir(), '--out', local], { env });
  t.is(pool.code, 0, pool.stderr);
  t.deepEqual(reportTrials(out), reportTrials(local));
  t.is(reportText(out), reportText(local));
  for (const trial of readdirSync(path.join(ablationDir(local), 'trials')))
    t.deepEqual(eventTypes(out, trial), eventTypes(local, trial), trial);
  t.is(starts(w1.output()) + starts(w2.output()), 4, 'each trial ran once');
  t.true(starts(w1.output()) > 0 && starts(w2.output()) > 0, 'both workers took trials');
  // Redis stays bounded: no job is left once the results are recorded, and the event stream is capped.
  const redis = new Redis(url);
  const keys = await redis.keys(`concertina:${env.CONCERTINA_QUEUE_NAME}:*`);
  t.deepEqual(
    keys.filter((k) => k.includes(':trial-')),
    [],
  );
  const events = `concertina:${env.CONCERTINA_QUEUE_NAME}:events`;
  t.true((await redis.xlen(events)) <= 2100);
  redis.disconnect();
  // Run again: every trial is reused, nothing is queued.
  const again = await cli(['ablate', spec, '--queue', url, '--cache', cache, '--out', out], { env });
  t.is(again.code, 0, again.stderr);
  t.regex(again.stderr, /4 trials \(4 already done\)/);
  t.is(starts(w1.output()) + starts(w2.output()), 4);
  await Promise.all([w1.stop(), w2.stop()]);
});

test.serial('a trial that fails every time is retried, then reported failed; the others complete', async (t) => {
  const { url, env, cache, w1, w2 } = await twoHosts();
  const spec = poisonSpec();
  const out = tempDir();
  const r = await cli(['ablate', spec, '--queue', url, '--cache', cache, '--out', out], { env });
  t.is(r.code, 1, 'an ablation with a failed trial exits 1');
  t.regex(r.stderr, /trial poison__f1__s1 FAILED: .*poisoned on purpose/);
  const all = w1.output() + w2.output();
  t.is(starts(all, 'poison__f1__s1'), 2, 'run twice ($CONCERTINA_QUEUE_ATTEMPTS=2)');
  t.is(starts(all, 'ok__f1__s1'), 1);
  const local = tempDir();
  await cli(['ablate', spec, '--workers', '2', '--cache', tempDir(), '--out', local], { env });
  t.deepEqual(reportTrials(out), reportTrials(local), 'the same failure text as on the local pool');
  await Promise.all([w1.stop(), w2.stop()]);
});

test.serial('a submitter stopped and started again re-attaches: no finished trial runs again', async (t) => {
  const url = await testRedisUrl();
  const env = quickEnv();
  const spec = specFile(FOUR);
  const cache = tempDir();
  const out = tempDir();
  const args = [path.join(repoRoot, 'bin/concertina.js'), 'ablate', spec, '--queue', url, '--cache', cache];
  // The first submitter queues the trials and is killed once one trial is recorded.
  const first = spawn(process.execPath, [...args, '--out', out], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  first.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const w = await startWorker(url, cache, 'host-1', env);
  while (!/done \(1\/4\)/.test(err)) {
    if (first.exitCode !== null) t.fail(`the submitter ended early: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  first.kill('SIGKILL');
  // The worker goes on with the queued trials; the second submitter finds them done or under way.
  await w.waitFor(/(trial \S+ \(.*\) done[\s\S]*){3}/, 120_000);
  const second = await cli([...args.slice(1), '--out', out], { env });
  t.is(second.code, 0, second.stderr);
  t.regex(second.stderr, /4 trials \(1 already done\)/);
  t.is(starts(w.output()), 4, 'each trial ran once');
  t.is(reportTrials(out).length, 4);
  await w.stop();
});

test.serial('two submitters of the same ablation at once: one set of trials runs, both report it', async (t) => {
  const { url, env, cache, w1, w2 } = await twoHosts();
  const spec = specFile(FOUR);
  const [outA, outB] = [tempDir(), tempDir()];
  const [a, b] = await Promise.all([
    cli(['ablate', spec, '--queue', url, '--cache', cache, '--out', outA], { env }),
    cli(['ablate', spec, '--queue', url, '--cache', cache, '--out', outB], { env }),
  ]);
  t.is(a.code, 0, a.stderr);
  t.is(b.code, 0, b.stderr);
  t.is(starts(w1.output()) + starts(w2.output()), 4, 'one set of trials ran');
  t.deepEqual(reportTrials(outA), reportTrials(outB));
  for (const out of [outA, outB])
    for (const trial of ['staged__f0.5__s1', 'staged__f0.5__s2', 'staged__f1__s1', 'staged__f1__s2'])
      t.true(existsSync(path.join(ablationDir(out), 'trials', trial, 'metrics.json')), `${out} ${trial}`);
  await Promise.all([w1.stop(), w2.stop()]);
});

/** A tiny ablation whose `poison` arm fails deterministically (a fixture stage that throws). */
function poisonSpec(): string {
  const file = specFile({
    trainFractions: [1],
    seeds: [1],
    arms: [
      { name: 'ok', set: {} },
      { name: 'poison', set: { 'stages.poison.params.fail': true } },
    ],
  });
  const spec = JSON.parse(readFileSync(file, 'utf8')) as PipelineSpec;
  spec.stages.splice(2, 0, { id: 'poison', kind: 'crash-if', inputs: ['features'] });
  spec.stages[3]!.inputs = ['poison'];
  writeFileSync(
    file,
    JSON.stringify({ ...spec, plugins: [path.join(repoRoot, 'test/fixtures/plugins/crash-stage.js')] }, null, 2),
  );
  return file;
}
