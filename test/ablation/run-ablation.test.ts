import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tabularSpec } from '../helpers/specs.js';

function writeSpec(dir: string, extra: Record<string, unknown> = {}): string {
  const spec = {
    ...tabularSpec({ ablation: { modes: ['staged', 'end-to-end'], trainFractions: [0.5, 1], seeds: [1, 2] } }),
    ...extra,
  };
  const file = path.join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

test(
  'ablate runs every trial on workers, tags their events, writes the report; ' + '--dry-run then shows them done',
  async (t) => {
    const dir = tempDir();
    const env = { CONCERTINA_RUNS: path.join(dir, 'runs'), CONCERTINA_CACHE: path.join(dir, 'cache') };
    const file = writeSpec(dir);
    const r = await cli(['ablate', file, '--workers', '2', '--json'], { env });
    t.is(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { dir: string; completed: number; failed: number; files: string[] };
    t.is(out.completed, 8);
    t.regex(r.stderr, /\[end-to-end__f1__s2\] stage network/);
    for (const f of ['report.md', 'report.csv', 'report.json', 'curves-accuracy.svg', 'curves-accuracy.png'])
      t.true(existsSync(path.join(out.dir, f)), f);
    const md = readFileSync(path.join(out.dir, 'report.md'), 'utf8');
    t.regex(md, /\| 50% \(/);
    t.regex(md, /\(n=2\)/);
    const dry = await cli(['ablate', file, '--dry-run', '--json'], { env });
    const plan = JSON.parse(dry.stdout) as { trials: { done: boolean }[] };
    t.true(plan.trials.every((x) => x.done));
  },
);

test('a worker that crashes fails its trial with the reason; the others complete', async (t) => {
  const dir = tempDir();
  const env = { CONCERTINA_RUNS: path.join(dir, 'runs'), CONCERTINA_CACHE: path.join(dir, 'cache') };
  const spec = tabularSpec({
    ablation: {
      arms: [
        { name: 'ok', set: {} },
        { name: 'boom', set: { 'stages.clip.params.crash': true } },
      ],
      trainFractions: [1],
      seeds: [1],
    },
  });
  spec.stages.splice(2, 0, { id: 'clip', kind: 'crash-if', inputs: ['features'] });
  spec.stages[3]!.inputs = ['clip'];
  const file = path.join(dir, 'crash.json');
  writeFileSync(
    file,
    JSON.stringify({ ...spec, plugins: [path.join(repoRoot, 'test/fixtures/plugins/crash-stage.js')] }),
  );
  const r = await cli(['ablate', file, '--workers', '2', '--json'], { env });
  t.is(r.code, 1, r.stderr);
  t.regex(r.stderr, /trial boom__f1__s1 FAILED: the worker running boom__f1__s1 exited \(code 3\)/);
  const report = JSON.parse(readFileSync(path.join(JSON.parse(r.stdout).dir, 'report.json'), 'utf8')) as {
    trials: { trialId: string; status: string }[];
  };
  t.deepEqual(report.trials.map((x) => `${x.trialId}:${x.status}`).sort(), [
    'boom__f1__s1:failed',
    'ok__f1__s1:completed',
  ]);
});

test('an ablation killed with SIGKILL resumes with the same command: finished trials are not rerun', async (t) => {
  const dir = tempDir();
  const env = { ...process.env, CONCERTINA_RUNS: path.join(dir, 'runs'), CONCERTINA_CACHE: path.join(dir, 'cache') };
  const file = writeSpec(dir, { training: { epochs: 6, batchSize: 16, seed: 1 } });
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/concertina.js'), 'ablate', file, '--workers', '1'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      err += d;
      // Kill the whole process group after two trials finished.
      if ((err.match(/trial .* done \(/g) ?? []).length >= 2) {
        process.kill(-child.pid!, 'SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`ablation ended before it was killed:\n${err}`)));
  });
  await new Promise((r) => setTimeout(r, 300));
  const ablation = readdirSync(path.join(dir, 'runs')).find((d) => d.includes('-ablation-'))!;
  const trials = path.join(dir, 'runs', ablation, 'trials');
  for (const f of readdirSync(trials)) {
    for (const name of ['status.json', 'metrics.json', 'spec.json']) {
      const p = path.join(trials, f, name);
      if (existsSync(p)) t.notThrows(() => JSON.parse(readFileSync(p, 'utf8')), p);
    }
  }
  const again = await cli(['ablate', file, '--workers', '2'], { env });
  t.is(again.code, 0, again.stderr);
  const rerun = (again.stderr.match(/trial .* done \(/g) ?? []).length;
  t.is(rerun, 6, `8 trials, 2 finished before the kill, 6 left:\n${again.stderr}`);
  t.regex(again.stderr, /8 trials \(2 already done\)/);
});
