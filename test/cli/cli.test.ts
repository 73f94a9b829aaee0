import test from 'ava';
import path from 'node:path';
import { cli, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const fixture = (f: string) => path.join(repoRoot, 'test/fixtures/specs', f);

test('validate: a spec with many mistakes reports all of them, exit 2, no stack trace', async (t) => {
  const r = await cli(['validate', fixture('broken.json')]);
  t.is(r.code, 2, r.stderr);
  t.notRegex(r.stderr, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
  for (const needle of [
    '#/training/epochs', // schema: minimum
  ])
    t.true(r.stderr.includes(needle), `${needle} in\n${r.stderr}`);
});

test('validate --json lists every problem with its pointer', async (t) => {
  // Fix the schema error so that compile problems show (schema problems stop before compiling).
  const r = await cli(['validate', fixture('broken.json'), '--set', 'training.epochs=2', '--json']);
  t.is(r.code, 2, r.stderr);
  const out = JSON.parse(r.stdout) as { problems: { code: string; pointer: string; hint?: string }[] };
  const got = out.problems.map((p) => `${p.code}@${p.pointer}`).sort();
  t.deepEqual(
    got,
    [
      'cycle@/stages/4/inputs',
      'duplicate-stage-id@/stages/2/id',
      'unknown-stage-kind@/stages/1/kind',
      'unknown-supervision@/stages/3/supervision',
    ].sort(),
  );
  t.regex(out.problems.find((p) => p.code === 'unknown-stage-kind')!.hint!, /standardize/);
});

test('run --json prints results; runs lists the run; eval reproduces its metrics', async (t) => {
  const dir = tempDir();
  const env = { CONCERTINA_RUNS: path.join(dir, 'runs'), CONCERTINA_CACHE: path.join(dir, 'cache') };
  const r = await cli(['run', path.join(repoRoot, 'pipelines/tabular.json'), '--set', 'training.epochs=2', '--json'], {
    env,
  });
  t.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { runId: string; metrics: Record<string, Record<string, number>> };
  t.true(out.metrics.classifier!.accuracy! > 0.3);
  t.regex(r.stderr, /classifier epoch 2\/2/);
  const list = await cli(['runs', '--json'], { env });
  t.is(JSON.parse(list.stdout)[0].runId, out.runId);
  const ev = await cli(['eval', path.join(dir, 'runs', out.runId), '--json'], { env });
  t.is(ev.code, 0, ev.stderr);
  t.deepEqual(JSON.parse(ev.stdout).metrics.classifier, out.metrics.classifier);
});

test('a plugin stage loads from the spec plugins field and from --plugin', async (t) => {
  const dir = tempDir();
  const env = { CONCERTINA_RUNS: path.join(dir, 'runs'), CONCERTINA_CACHE: path.join(dir, 'cache') };
  const viaSpec = await cli(['run', fixture('with-plugin.json'), '--json'], { env });
  t.is(viaSpec.code, 0, viaSpec.stderr);
  t.regex(viaSpec.stderr, /stage clipped done/);
  // Without the plugins field the kind is unknown; --plugin brings it back.
  const without = await cli(['validate', fixture('with-plugin.json'), '--set', 'plugins=[]']);
  t.is(without.code, 2);
  t.regex(without.stderr, /unknown stage kind `clip`/);
  const viaFlag = await cli([
    'validate',
    fixture('with-plugin.json'),
    '--set',
    'plugins=[]',
    '--plugin',
    path.join(repoRoot, 'test/fixtures/plugins/clip-stage.js'),
  ]);
  t.is(viaFlag.code, 0, viaFlag.stderr);
});

test('usage errors exit 2', async (t) => {
  t.is((await cli(['run', fixture('with-plugin.json'), '--mode', 'sideways'])).code, 2);
  t.is((await cli(['frobnicate'])).code, 2);
  const missing = await cli(['validate', 'nope.json']);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /nope\.json: no such file/);
});
