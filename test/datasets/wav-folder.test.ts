import test from 'ava';
import { copyFileSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { wavFolderDataset } from '../../datasets/wav-folder.js';
import type { Example, LoadedDataset } from '../../src/data/dataset.js';
import { splitExamples } from '../../src/data/split.js';
import { DataError, SpecError } from '../../src/errors/pipeline-error.js';
import { PHONES } from '../../src/speech/phone-set.js';
import { fsddDir, fsddFiles, fsddSamplesDirect } from '../audio/fsdd.js';
import { simpleWav } from '../audio/wav-writer.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withDefaults } from '../helpers/kind-defaults.js';
import { baseContext, loadKind, rms } from './helpers.js';

const SPEAKERS = ['george', 'jackson', 'lucas', 'nicolas', 'theo'];
let full: Promise<LoadedDataset> | undefined;
/** The whole FSDD, loaded once for the tests that need it. */
const fsdd = () => (full ??= loadKind('wav-folder', { path: fsddDir() }));
const speakerOf = (e: Example) => e.id.split('_')[1]!;
const takeOf = (e: Example) => Number(e.id.split('_')[2]);

test('FSDD: 2,500 examples, official split 2,250 train+validation / 250 test (takes 0-4)', async (t) => {
  const d = await fsdd();
  t.is(d.examples.length, 2500);
  t.is(fsddFiles().length, 2500);
  t.deepEqual(d.skipped, []);
  const s = splitExamples(d.examples, { kind: 'wav-folder', split: { kind: 'official' } }, 1);
  t.is(s.train.length + s.validation.length, 2250);
  t.is(s.test.length, 250);
  t.true(s.validation.length > 0);
  t.true(s.test.every((i) => takeOf(d.examples[i]!) <= 4));
  t.true([...s.train, ...s.validation].every((i) => takeOf(d.examples[i]!) >= 5));
});

test(
  'FSDD labels follow the conventions: "7" -> words [7], phonemes S EH V AH N, ' + 'speaker index into sorted ids',
  async (t) => {
    const d = await fsdd();
    t.deepEqual(d.labels.words, {
      kind: 'sequence',
      names: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
    });
    t.deepEqual(d.labels.phonemes, { kind: 'sequence', names: [...PHONES] });
    t.deepEqual(d.labels.speaker, { kind: 'class', names: SPEAKERS });
    const e = d.examples.find((x) => x.id === '7_jackson_32')!;
    t.deepEqual(e.labels.words, [7]);
    t.deepEqual(
      (e.labels.phonemes as number[]).map((i) => PHONES[i]),
      ['S', 'EH', 'V', 'AH', 'N'],
    );
    t.is(e.labels.speaker, 1);
    t.is(e.group, 'jackson');
    t.is(e.officialSplit, 'train');
    t.is(e.source, path.join(fsddDir(), '7_jackson_32.wav'));
    // 8 kHz files at 8 kHz: the samples are the file's, untouched.
    const direct = fsddSamplesDirect('7_jackson_32.wav');
    t.deepEqual(e.input.shape, [direct.length, 1]);
    t.deepEqual(Array.from(e.input.data.slice(0, 50)), Array.from(direct.slice(0, 50)));
    t.is(d.examples.find((x) => x.id === '0_theo_3')!.officialSplit, 'test');
  },
);

test("by-group split on theo holds out all and only theo's files", async (t) => {
  const d = await fsdd();
  const s = splitExamples(d.examples, { kind: 'wav-folder', split: { kind: 'by-group', test: ['theo'] } }, 1);
  t.is(s.test.length, 500);
  t.true(s.test.every((i) => speakerOf(d.examples[i]!) === 'theo'));
  t.true([...s.train, ...s.validation].every((i) => speakerOf(d.examples[i]!) !== 'theo'));
  t.is(s.train.length + s.validation.length, 2000);
});

test('leave-one-group-out: five folds, each testing one speaker, together testing every file once', async (t) => {
  const d = await fsdd();
  const seen = new Set<number>();
  for (const speaker of SPEAKERS) {
    const s = splitExamples(
      d.examples,
      { kind: 'wav-folder', split: { kind: 'leave-one-group-out', heldOut: speaker } },
      1,
    );
    t.is(s.test.length, 500, speaker);
    t.true(s.test.every((i) => d.examples[i]!.group === speaker));
    t.false([...s.train, ...s.validation].some((i) => d.examples[i]!.group === speaker));
    for (const i of s.test) {
      t.false(seen.has(i));
      seen.add(i);
    }
  }
  t.is(seen.size, 2500);
});

test('limit: at most N files per word, spread over speakers and both official splits', async (t) => {
  const d = await loadKind('wav-folder', { path: fsddDir(), limit: 20 });
  t.is(d.examples.length, 200);
  for (let w = 0; w < 10; w++) t.is(d.examples.filter((e) => (e.labels.words as number[])[0] === w).length, 20);
  t.deepEqual([...new Set(d.examples.map(speakerOf))].sort(), SPEAKERS);
  t.is(d.examples.filter((e) => e.officialSplit === 'test').length, 50);
});

/** A folder with three real FSDD files, a truncated wav, an empty file and a text file named .wav. */
function badFolder(): string {
  const dir = tempDir();
  for (const f of ['0_george_0.wav', '1_george_1.wav', '2_jackson_3.wav'])
    copyFileSync(path.join(fsddDir(), f), path.join(dir, f));
  const real = readFileSync(path.join(fsddDir(), '3_george_7.wav'));
  writeFileSync(path.join(dir, '3_george_7.wav'), real.subarray(0, Math.floor(real.length / 2)));
  writeFileSync(path.join(dir, '4_george_8.wav'), Buffer.alloc(0));
  writeFileSync(path.join(dir, '5_george_9.wav'), 'these are not the samples you are looking for\n');
  writeFileSync(path.join(dir, 'notes.txt'), 'not a recording\n');
  return dir;
}

test('bad files: onBadFile error names the first bad file and its problem', async (t) => {
  const dir = badFolder();
  const err = await t.throwsAsync(loadKind('wav-folder', { path: dir }), { instanceOf: DataError });
  t.true(err!.message.includes(path.join(dir, '3_george_7.wav')), err!.message);
  t.regex(err!.message, /truncated/);
  t.is(err!.location.file, path.join(dir, '3_george_7.wav'));
  t.regex(err!.hint ?? '', /onBadFile/);
});

test('bad files: onBadFile skip lists every bad file with its reason and keeps the good ones', async (t) => {
  const dir = badFolder();
  const d = await loadKind('wav-folder', { path: dir }, { onBadFile: 'skip' });
  t.deepEqual(
    d.examples.map((e) => e.id),
    ['0_george_0', '1_george_1', '2_jackson_3'],
  );
  const reasons = Object.fromEntries(d.skipped.map((s) => [path.basename(s.file), s.reason]));
  t.deepEqual(Object.keys(reasons).sort(), ['3_george_7.wav', '4_george_8.wav', '5_george_9.wav', 'notes.txt']);
  t.regex(reasons['3_george_7.wav']!, /truncated: header says \d+ bytes of audio, file holds \d+/);
  t.regex(reasons['4_george_8.wav']!, /empty file/);
  t.regex(reasons['5_george_9.wav']!, /not a WAV file/);
  t.regex(reasons['notes.txt']!, /does not match the pattern "\{word\}_\{speaker\}_\{take\}\.wav"/);
  t.deepEqual(d.labels.speaker!.names, ['george', 'jackson']);
});

test(
  'a .wav whose name does not match the pattern is an error naming file and pattern; ' + 'other files are ignored',
  async (t) => {
    const dir = tempDir();
    copyFileSync(path.join(fsddDir(), '0_george_0.wav'), path.join(dir, '0_george_0.wav'));
    writeFileSync(path.join(dir, 'README.md'), 'ignored');
    t.is((await loadKind('wav-folder', { path: dir })).examples.length, 1);
    copyFileSync(path.join(fsddDir(), '0_george_1.wav'), path.join(dir, 'george-zero.wav'));
    const err = await t.throwsAsync(loadKind('wav-folder', { path: dir }), { instanceOf: DataError });
    t.true(err!.message.includes(path.join(dir, 'george-zero.wav')));
    t.true(err!.message.includes('{word}_{speaker}_{take}.wav'));
  },
);

test('a stereo 44.1 kHz 24-bit file comes out mono at the pipeline rate with the right duration', async (t) => {
  const dir = tempDir();
  const rate = 44100;
  const n = Math.round(rate * 0.75);
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = Math.round(0.5 * Math.sin((2 * Math.PI * 440 * i) / rate) * 8388607);
    values.push(s, s);
  }
  writeFileSync(path.join(dir, '3_alice_7.wav'), simpleWav(values, { tag: 1, channels: 2, rate, bits: 24 }));
  for (const sampleRate of [8000, 16000]) {
    const e = (await loadKind('wav-folder', { path: dir }, { sampleRate })).examples[0]!;
    t.deepEqual(e.input.shape, [Math.round(0.75 * sampleRate), 1]);
    t.true(Math.abs(rms(e.input.data.subarray(200, -200)) - 0.5 / Math.SQRT2) < 0.01, `rms at ${sampleRate} Hz`);
    t.deepEqual(e.labels.words, [3]);
  }
});

test(
  'words outside the vocabulary are an error listing them with a file, ' + 'and the hint names vocabulary and wordMap',
  async (t) => {
    const dir = tempDir();
    const clip = path.join(fsddDir(), '0_george_0.wav');
    for (const f of ['yes_bob_0.wav', 'no_bob_1.wav', '7_bob_2.wav']) copyFileSync(clip, path.join(dir, f));
    const err = await t.throwsAsync(loadKind('wav-folder', { path: dir }), { instanceOf: DataError });
    t.regex(err!.message, /2 words in file names are not in the vocabulary: /);
    t.true(err!.message.includes(`"yes" (${path.join(dir, 'yes_bob_0.wav')})`), err!.message);
    t.true(err!.message.includes(`"no" (${path.join(dir, 'no_bob_1.wav')})`));
    t.regex(err!.hint!, /vocabulary.*wordMap/);
    const d = await loadKind('wav-folder', {
      path: dir,
      vocabulary: ['no', 'yes', 'seven'],
      wordMap: { '7': 'seven' },
    });
    t.deepEqual(
      d.examples.map((e) => [e.id, e.labels.words]),
      [
        ['7_bob_2', [2]],
        ['no_bob_1', [0]],
        ['yes_bob_0', [1]],
      ],
    );
    t.deepEqual(withDefaults(wavFolderDataset).vocabulary!({ path: dir, vocabulary: ['no', 'yes'] }), ['no', 'yes']);
    t.is(withDefaults(wavFolderDataset).vocabulary!({ path: dir }).length, 10);
  },
);

test('{words} patterns in subfolders: several words per file, no official split without {take}', async (t) => {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'bob'));
  copyFileSync(path.join(fsddDir(), '0_george_0.wav'), path.join(dir, 'bob', '1-2-3.wav'));
  copyFileSync(path.join(fsddDir(), '0_george_1.wav'), path.join(dir, 'bob', '9-0.wav'));
  const pattern = '{speaker}/{words}.wav';
  const described = withDefaults(wavFolderDataset).describe({ path: dir, pattern }, { sampleRate: 8000 });
  t.false(described.hasOfficialSplit);
  t.true(described.hasGroups);
  t.deepEqual(described.input, { kind: 'waveform', dims: [8000] });
  const d = await loadKind('wav-folder', { path: dir, pattern });
  t.deepEqual(
    d.examples.map((e) => [e.id, e.labels.words, e.group, e.officialSplit]),
    [
      ['bob/1-2-3', [1, 2, 3], 'bob', undefined],
      ['bob/9-0', [9, 0], 'bob', undefined],
    ],
  );
  t.deepEqual((d.examples[1]!.labels.phonemes as number[]).map((i) => PHONES[i]).join(' '), 'N AY N Z IH R OW');
});

test('bad patterns are spec errors at describe time', (t) => {
  const err = t.throws(
    () => withDefaults(wavFolderDataset).describe({ path: '.', pattern: '{digit}_{speaker}.wav' }, {}),
    {
      instanceOf: SpecError,
    },
  );
  t.deepEqual(err!.problems.map((p) => p.code).sort(), ['pattern-word-field', 'unknown-pattern-field']);
  t.regex(err!.problems.find((p) => p.code === 'unknown-pattern-field')!.message, /\{digit\}/);
  const takes = t.throws(() => withDefaults(wavFolderDataset).describe({ path: '.', officialTestTakes: [4, 0] }, {}), {
    instanceOf: SpecError,
  });
  t.is(takes!.problems[0]!.pointer, '/dataset/params/officialTestTakes');
});

test('a missing folder is a DataError naming it', async (t) => {
  const missing = path.join(tempDir(), 'nope');
  const err = await t.throwsAsync(loadKind('wav-folder', { path: missing }), { instanceOf: DataError });
  t.true(err!.message.includes(missing));
  t.regex(err!.message, /no such folder/);
});

test('fingerprint: stable, changes when a file changes, and the second load comes from the cache', async (t) => {
  const dir = tempDir();
  const cacheDir = tempDir();
  for (const f of ['0_george_0.wav', '1_george_1.wav']) copyFileSync(path.join(fsddDir(), f), path.join(dir, f));
  const ctx = {
    ...baseContext(),
    loadSource: async () => {
      throw new Error('unused');
    },
  };
  const a = await withDefaults(wavFolderDataset).fingerprint!({ path: dir }, ctx);
  t.is(await withDefaults(wavFolderDataset).fingerprint!({ path: dir }, ctx), a);
  t.not(await withDefaults(wavFolderDataset).fingerprint!({ path: dir, limit: 1 }, ctx), a);
  const first = await loadKind('wav-folder', { path: dir }, { cacheDir });
  const second = await loadKind('wav-folder', { path: dir }, { cacheDir });
  t.false(first.cached);
  t.true(second.cached);
  t.deepEqual(
    second.examples.map((e) => e.labels),
    first.examples.map((e) => e.labels),
  );
  utimesSync(path.join(dir, '0_george_0.wav'), new Date(), new Date(Date.now() + 5000));
  t.not(await withDefaults(wavFolderDataset).fingerprint!({ path: dir }, ctx), a);
  t.false((await loadKind('wav-folder', { path: dir }, { cacheDir })).cached);
});

test('progress reaches done === total', async (t) => {
  const calls: [number, number][] = [];
  await loadKind('wav-folder', { path: fsddDir(), limit: 5 }, { progress: (d, n) => calls.push([d, n]) });
  t.true(calls.length > 0);
  t.deepEqual(calls[calls.length - 1], [50, 50]);
});
