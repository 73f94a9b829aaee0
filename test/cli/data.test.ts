import test from 'ava';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeWav } from '../../src/audio/wav.js';
import { fsddDir } from '../audio/fsdd.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const spec = path.join(repoRoot, 'test/fixtures/specs/fsdd-data.json');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const envFor = (dir: string) => ({
  FSDD_DIR: fsddDir(),
  CONCERTINA_RUNS: path.join(dir, 'runs'),
  CONCERTINA_CACHE: path.join(dir, 'cache'),
});

interface Report {
  pipeline: string;
  examples: number;
  cached: boolean;
  splits: { train: number; validation: number; test: number };
  labelCounts: { name: string; train: number; validation: number; test: number; total: number }[];
  speakers: { name: string; total: number; test: number }[];
  skipped: { file: string; reason: string }[];
  durations?: { all: { count: number; min: number; max: number }; histogram: { count: number }[] };
  written: {
    dir: string;
    features: { stageId: string; kind: string; fallback: boolean } | null;
    examples: { id: string; wav: string; png?: string; seconds: number }[];
  };
}

test(
  'data --stats prints counts per split, word and speaker, a duration histogram, ' + 'and writes wav + png examples',
  async (t) => {
    const dir = tempDir();
    const out = path.join(dir, 'examples');
    const r = await cli(['data', spec, '--stats', '--examples', '3', '--out', out], { env: envFor(dir) });
    t.is(r.code, 0, r.stderr);
    // limit 20 per digit: 200 files, takes 0-4 (a quarter of them) are test.
    t.regex(r.stdout, /fsdd-data: 200 examples from wav-folder/);
    t.regex(r.stdout, /^test\s+50$/m);
    const train = Number(/^train\s+(\d+)$/m.exec(r.stdout)?.[1]);
    const validation = Number(/^validation\s+(\d+)$/m.exec(r.stdout)?.[1]);
    t.is(train + validation, 150);
    t.regex(r.stdout, /^seven\s+\d+\s+\d+\s+5\s+20$/m);
    t.regex(r.stdout, /^theo\s+\d+\s+\d+\s+10\s+40$/m);
    t.regex(r.stdout, /skipped: none/);
    t.regex(r.stdout, /durations: 200 examples, min 0\.\d\d s/);
    t.regex(r.stdout, /^\d+\.\d+-\d+\.\d+ s\s+█+.*\s\d+$/m);
    t.regex(r.stdout, /pictures: stage features \[mfcc\]/);
    const files = r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /\.(wav|png)$/.test(l));
    t.is(files.length, 6, r.stdout);
    for (const f of files) {
      const abs = path.resolve(repoRoot, f);
      t.true(abs.startsWith(out) && existsSync(abs), f);
      if (f.endsWith('.png')) t.true(readFileSync(abs).subarray(0, 8).equals(PNG));
      else t.is(decodeWav(readFileSync(abs), abs).sampleRate, 8000);
    }
  },
);

test(
  'data --json: the same report as JSON; the second load comes from the cache; ' +
    'default folder runs/data-<pipeline>',
  async (t) => {
    const dir = tempDir();
    const first = await cli(['data', spec, '--json', '--examples', '1'], { env: envFor(dir) });
    t.is(first.code, 0, first.stderr);
    const a = JSON.parse(first.stdout) as Report;
    t.false(a.cached);
    t.is(a.examples, 200);
    t.is(a.splits.test, 50);
    t.is(a.splits.train + a.splits.validation, 150);
    t.deepEqual(
      a.labelCounts.map((c) => [c.name, c.total, c.test]),
      ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].map((w) => [w, 20, 5]),
    );
    t.deepEqual(
      a.speakers.map((s) => [s.name, s.total, s.test]),
      ['george', 'jackson', 'lucas', 'nicolas', 'theo'].map((s) => [s, 40, 10]),
    );
    t.is(a.durations, undefined);
    t.is(a.written.dir, path.join(dir, 'runs', 'data-fsdd-data'));
    t.is(a.written.examples.length, 1);
    const e = a.written.examples[0]!;
    t.is(decodeWav(readFileSync(e.wav), e.wav).samples.length, Math.round(e.seconds * 8000));
    t.true(existsSync(e.png!));
    const second = await cli(['data', spec, '--json', '--examples', '0', '--stats'], { env: envFor(dir) });
    t.is(second.code, 0, second.stderr);
    const b = JSON.parse(second.stdout) as Report;
    t.true(b.cached);
    t.deepEqual(b.splits, a.splits);
    t.is(b.durations!.all.count, 200);
    t.is(
      b.durations!.histogram.reduce((n, h) => n + h.count, 0),
      200,
    );
    t.deepEqual(b.written.examples, []);
  },
);

test('data lists skipped files with their reasons; without a feature stage the pictures are a log-mel', async (t) => {
  const dir = tempDir();
  const wavs = tempDir();
  for (const f of ['0_george_0.wav', '1_lucas_9.wav', '2_theo_7.wav', '3_nicolas_30.wav'])
    copyFileSync(path.join(fsddDir(), f), path.join(wavs, f));
  writeFileSync(path.join(wavs, '4_theo_8.wav'), Buffer.alloc(0));
  const r = await cli(
    [
      'data',
      spec,
      '--examples',
      '1',
      '--out',
      path.join(dir, 'x'),
      '--set',
      `dataset.params.path=${wavs}`,
      'dataset.onBadFile=skip',
      'dataset.split={"kind":"random"}',
      'stages=[{"id":"audio","kind":"audio-input"}]',
      'evaluation.output=audio',
    ],
    { env: envFor(dir) },
  );
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /skipped 1 file:\n {2}.*4_theo_8\.wav: empty file/);
  t.regex(r.stdout, /pictures: log-mel of the waveform/);
  t.true(existsSync(path.join(dir, 'x')));
});

test('data: usage errors exit 2, bad data exits 1 naming the file', async (t) => {
  const dir = tempDir();
  const usage = await cli(['data', spec, '--examples', '-1'], { env: envFor(dir) });
  t.is(usage.code, 2);
  t.regex(usage.stderr, /--examples -1/);
  const wavs = tempDir();
  copyFileSync(path.join(fsddDir(), '0_george_0.wav'), path.join(wavs, '0_george_0.wav'));
  writeFileSync(path.join(wavs, '1_george_1.wav'), 'a text file, not a recording\n');
  const bad = await cli(['data', spec, '--set', `dataset.params.path=${wavs}`], { env: envFor(dir) });
  t.is(bad.code, 1);
  t.true(bad.stderr.includes(path.join(wavs, '1_george_1.wav')), bad.stderr);
  t.regex(bad.stderr, /not a WAV file/);
});
