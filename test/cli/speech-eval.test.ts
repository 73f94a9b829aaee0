import test from 'ava';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fsddDir, fsddFiles } from '../audio/fsdd.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A small FSDD pipeline trained without speaker theo (a few epochs: this checks plumbing, not accuracy). */
function spec(dir: string): string {
  const file = path.join(dir, 'digits.json');
  const doc = JSON.parse(readFileSync(path.join(repoRoot, 'pipelines/spoken-digits.json'), 'utf8'));
  doc.dataset.params = { path: fsddDir(), limit: 5 };
  doc.dataset.split = { kind: 'by-group', test: ['theo'] };
  doc.stages[2].params = { layers: 1, units: 32 };
  doc.stages[3].params = { maxWords: 1, layers: 1, units: 16 };
  doc.training = { epochs: 2, batchSize: 16, seed: 1 };
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

test('both modes from one spec, then eval --data on recordings of a speaker no run trained on', async (t) => {
  const dir = tempDir();
  const env = { CONCERTINA_RUNS: path.join(dir, 'runs'), CONCERTINA_CACHE: path.join(dir, 'cache') };
  const file = spec(dir);
  const unseen = path.join(dir, 'unseen');
  mkdirSync(unseen);
  for (const f of fsddFiles().filter((x) => /_theo_[0-5]\.wav$/.test(x)))
    copyFileSync(path.join(fsddDir(), f), path.join(unseen, f));
  writeFileSync(path.join(unseen, '3_theo_99.wav'), 'not a wav file');
  for (const mode of ['staged', 'end-to-end']) {
    const run = await cli(['run', file, '--mode', mode, '--json'], { env, timeoutMs: 300_000 });
    t.is(run.code, 0, run.stderr);
    const runId = (JSON.parse(run.stdout) as { runId: string }).runId;
    const ev = await cli(['eval', path.join(dir, 'runs', runId), '--data', unseen, '--json'], { env });
    t.is(ev.code, 0, ev.stderr);
    const r = JSON.parse(ev.stdout) as {
      accuracy: number;
      wer: number;
      per?: number;
      counts: { test: number; skipped: number };
      skipped: { file: string; reason: string }[];
    };
    t.is(r.counts.test, 60, "every readable file is evaluated: the training run's limit (5 per word) does not apply");
    t.is(r.counts.skipped, 1, 'the broken file is skipped, not fatal');
    t.regex(r.skipped[0]!.file, /3_theo_99\.wav$/);
    t.regex(r.skipped[0]!.reason, /RIFF/);
    t.true(r.accuracy >= 0 && r.accuracy <= 1 && r.wer >= 0);
    if (mode === 'staged') t.true(typeof r.per === 'number', 'the staged pipeline reports its phoneme error rate');
  }
});
