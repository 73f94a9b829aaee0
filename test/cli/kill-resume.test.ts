import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { cli, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Every file under a folder, relative. */
function files(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((f) =>
    statSync(path.join(dir, rel, f)).isDirectory() ? files(dir, path.join(rel, f)) : [path.join(rel, f)],
  );
}

test('a run killed with SIGKILL leaves no half-written file, and the same command resumes it', async (t) => {
  const dir = tempDir();
  const runs = path.join(dir, 'runs');
  const env = { ...process.env, CONCERTINA_RUNS: runs, CONCERTINA_CACHE: path.join(dir, 'cache') };
  const args = [
    path.join(repoRoot, 'bin/concertina.js'),
    'run',
    path.join(repoRoot, 'pipelines/tabular.json'),
    '--set',
    'training.epochs=40',
    'dataset.params.examplesPerClass=600',
  ];
  const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
  // Kill it in the middle of training the classifier (after standardize finished and was cached).
  const killedAt = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      if (!existsSync(runs)) return;
      const run = readdirSync(runs)[0];
      if (!run) return;
      const ev = path.join(runs, run, 'events.jsonl');
      if (existsSync(ev) && readFileSync(ev, 'utf8').includes('"epoch-end"')) {
        clearInterval(timer);
        child.kill('SIGKILL');
        resolve(run);
      }
    }, 50);
    child.on('exit', () => {
      clearInterval(timer);
      reject(new Error('the run ended before it could be killed'));
    });
  });
  await new Promise((r) => child.once('exit', r));
  const runDir = path.join(runs, killedAt);
  const all = files(runDir);
  t.deepEqual(
    all.filter((f) => f.endsWith('.tmp') || f.includes('.tmp')),
    [],
    'no temporary files',
  );
  for (const f of all.filter((x) => x.endsWith('.json')))
    t.notThrows(() => JSON.parse(readFileSync(path.join(runDir, f), 'utf8')), f);
  const lines = readFileSync(path.join(runDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean);
  for (const l of lines) t.notThrows(() => JSON.parse(l));
  t.false(existsSync(path.join(runDir, 'metrics.json')), 'no metrics for an unfinished run');
  const list = JSON.parse((await cli(['runs', '--json'], { env })).stdout) as { runId: string; state: string }[];
  t.is(list.find((r) => r.runId === killedAt)!.state, 'killed');

  // The same command again: standardize comes from the cache, the classifier trains, the run completes.
  const again = await cli(
    [
      'run',
      path.join(repoRoot, 'pipelines/tabular.json'),
      '--set',
      'training.epochs=2',
      'dataset.params.examplesPerClass=600',
      '--json',
    ],
    { env },
  );
  t.is(again.code, 0, again.stderr);
  t.regex(again.stderr, /stage features done in .* \(cached\)/);
});

test('a run killed mid-training resumes from its checkpoint to the uninterrupted weights, bit for bit', async (t) => {
  const dir = tempDir();
  const args = [
    'run',
    path.join(repoRoot, 'pipelines/tabular.json'),
    '--set',
    'training.epochs=10',
    'dataset.params.examplesPerClass=400',
  ];
  const envFor = (name: string) => ({
    ...process.env,
    CONCERTINA_RUNS: path.join(dir, name, 'runs'),
    CONCERTINA_CACHE: path.join(dir, name, 'cache'),
    CONCERTINA_CHECKPOINT_SECONDS: '0', // a checkpoint after every epoch
  });
  const weightsOf = (name: string) => {
    const runs = path.join(dir, name, 'runs');
    const run = readdirSync(runs).find((r) => existsSync(path.join(runs, r, 'metrics.json')))!;
    return readFileSync(path.join(runs, run, 'stages/classifier/weights.bin'));
  };
  const whole = await cli(args, { env: envFor('whole') });
  t.is(whole.code, 0, whole.stderr);

  const env = envFor('resumed');
  const runs = path.join(dir, 'resumed', 'runs');
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/concertina.js'), ...args], { env, stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      const run = existsSync(runs) ? readdirSync(runs)[0] : undefined;
      const ev = run && path.join(runs, run, 'events.jsonl');
      if (ev && existsSync(ev) && readFileSync(ev, 'utf8').split('"epoch-end"').length > 4) {
        clearInterval(timer);
        child.kill('SIGKILL');
        resolve();
      }
    }, 20);
    child.on('exit', () => {
      clearInterval(timer);
      reject(new Error('the run ended before it could be killed'));
    });
  });
  await new Promise((r) => child.once('exit', r));
  const again = await cli(args, { env });
  t.is(again.code, 0, again.stderr);
  t.regex(again.stderr, /resumed training at epoch \d+ from a checkpoint/);
  t.true(weightsOf('resumed').equals(weightsOf('whole')), 'the trained weights are the same bytes');
});
