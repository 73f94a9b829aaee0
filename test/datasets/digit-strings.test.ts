import test from 'ava';
import { digitStringsDataset } from '../../datasets/digit-strings.js';
import { DIGIT_WORDS, describeSpeech } from '../../datasets/speech-labels.js';
import { contentKey } from '../../src/util/content-key.js';
import type { DatasetKind, Example, LoadedDataset } from '../../src/data/dataset.js';
import type { LabelInfo } from '../../src/core/label.js';
import { DataError, SpecError } from '../../src/errors/pipeline-error.js';
import { PHONES, phoneIndex } from '../../src/speech/phone-set.js';
import { fsddDir } from '../audio/fsdd.js';
import { withDefaults } from '../helpers/kind-defaults.js';
import { lexicon, loadKind } from './helpers.js';

const SPEAKERS = ['george', 'jackson', 'lucas', 'nicolas', 'theo'];
const fsddSource = () => ({ kind: 'wav-folder', params: { path: fsddDir(), limit: 20 } });
const small = (extra: Record<string, unknown> = {}) => ({
  source: fsddSource(),
  trainSentences: 40,
  testSentences: 15,
  minWords: 2,
  maxWords: 5,
  ...extra,
});
const clipsOf = (e: Example) => e.source!.split(' + ');
const words = (e: Example) => e.labels.words as number[];

let sourceData: Promise<LoadedDataset> | undefined;
/** Clip lengths of the FSDD source, by example id. */
async function clipLengths(): Promise<Map<string, number>> {
  const d = await (sourceData ??= loadKind('wav-folder', fsddSource().params));
  return new Map(d.examples.map((e) => [e.id, e.input.data.length]));
}

/** A fake source: sine clips of 3 speakers x 10 digits x 10 takes, without an official split. */
const testClips: DatasetKind<{ noSpeakers?: boolean; noWords?: boolean }> = {
  kind: 'test-clips',
  description: 'sine clips for tests',
  paramsSchema: { type: 'object' },
  describe: (_p, r) => describeSpeech(r, { vocabularySize: 10, speakers: true, officialSplit: false }),
  async load(p) {
    const examples: Example[] = [];
    ['ann', 'bea', 'cy'].forEach((spk, s) => {
      for (let w = 0; w < 10; w++) {
        for (let k = 0; k < 10; k++) {
          const data = Float32Array.from({ length: 400 + 10 * k + w }, (_, i) => 0.3 * Math.sin(i * 0.05 * (w + 1)));
          examples.push({
            id: `${w}_${spk}_${k}`,
            input: { data, shape: [data.length, 1] },
            labels: p.noWords ? {} : { words: [w], speaker: s },
            ...(p.noSpeakers ? {} : { group: spk }),
          });
        }
      }
    });
    const labels: Record<string, LabelInfo> = p.noWords ? {} : { words: { kind: 'sequence', names: [...DIGIT_WORDS] } };
    return { examples, labels, skipped: [], fingerprint: contentKey({ testClips: p }) };
  },
};

test("describe and vocabulary: the conventional labels; the source's vocabulary when its params give one", (t) => {
  const d = withDefaults(digitStringsDataset).describe({ source: fsddSource() }, { sampleRate: 16000 });
  t.deepEqual(Object.keys(d.labels), ['words', 'phonemes', 'speaker']);
  t.deepEqual(d.input, { kind: 'waveform', dims: [16000] });
  t.true(d.hasOfficialSplit && d.hasGroups);
  t.deepEqual(withDefaults(digitStringsDataset).vocabulary!({ source: fsddSource() }), DIGIT_WORDS);
  t.deepEqual(
    withDefaults(digitStringsDataset).vocabulary!({
      source: { kind: 'synthetic-speech', params: { vocabulary: ['yes', 'no'] } },
    }),
    ['yes', 'no'],
  );
  const err = t.throws(
    () =>
      withDefaults(digitStringsDataset).describe(
        { source: fsddSource(), minWords: 5, maxWords: 3, pauseMs: [200, 30] },
        {},
      ),
    { instanceOf: SpecError },
  );
  t.deepEqual(err!.problems.map((p) => p.pointer).sort(), ['/dataset/params/minWords', '/dataset/params/pauseMs']);
});

test(
  'FSDD digit strings: lengths in [min, max], one speaker each, ' + 'labels follow the clips, no clip in both splits',
  async (t) => {
    const d = await loadKind('digit-strings', small());
    t.is(d.examples.filter((e) => e.officialSplit === 'train').length, 40);
    t.is(d.examples.filter((e) => e.officialSplit === 'test').length, 15);
    t.deepEqual(d.labels.speaker!.names, SPEAKERS);
    t.deepEqual(d.labels.words!.names, DIGIT_WORDS);
    t.deepEqual(d.labels.phonemes!.names, [...PHONES]);
    const lengths = new Set<number>();
    const used = { train: new Set<string>(), test: new Set<string>() };
    for (const e of d.examples) {
      const clips = clipsOf(e);
      lengths.add(words(e).length);
      t.true(words(e).length >= 2 && words(e).length <= 5, e.id);
      t.is(clips.length, words(e).length);
      for (const [k, clip] of clips.entries()) {
        const [digit, speaker, take] = clip.split('_') as [string, string, string];
        t.is(e.group, speaker, `${e.id}: ${clip} is by ${e.group}`);
        t.is(Number(digit), words(e)[k]);
        // The source's official split decides the pool: takes 0-4 are test.
        t.is(e.officialSplit, Number(take) <= 4 ? 'test' : 'train');
        used[e.officialSplit!].add(clip);
      }
      t.is(e.labels.speaker, SPEAKERS.indexOf(e.group!));
      t.deepEqual(
        e.labels.phonemes,
        words(e).flatMap((w) => lexicon.pronounce(DIGIT_WORDS[w]!).map(phoneIndex)),
      );
      t.deepEqual(e.input.shape, [e.input.data.length, 1]);
    }
    t.deepEqual([...lengths].sort(), [2, 3, 4, 5]);
    t.deepEqual(
      [...used.train].filter((c) => used.test.has(c)),
      [],
    );
    t.true(new Set(d.examples.map((e) => e.group)).size > 1);
  },
);

test('deterministic for a seed, different for another', async (t) => {
  const a = await loadKind('digit-strings', small({ seed: 5 }));
  const b = await loadKind('digit-strings', small({ seed: 5 }));
  const c = await loadKind('digit-strings', small({ seed: 6 }));
  t.deepEqual(
    b.examples.map((e) => [e.id, e.source, e.labels]),
    a.examples.map((e) => [e.id, e.source, e.labels]),
  );
  t.true(
    a.examples.every((e, i) => Buffer.from(e.input.data.buffer).equals(Buffer.from(b.examples[i]!.input.data.buffer))),
  );
  t.is(a.fingerprint, b.fingerprint);
  t.not(a.fingerprint, c.fingerprint);
  t.notDeepEqual(
    c.examples.map((e) => e.source),
    a.examples.map((e) => e.source),
  );
});

test('pauseMs and edgeMs set the silence around the clips; the words do not change with them', async (t) => {
  const lengths = await clipLengths();
  const tight = await loadKind('digit-strings', small({ pauseMs: [0, 0], edgeMs: [0, 0] }));
  const spaced = await loadKind('digit-strings', small({ pauseMs: [250, 250], edgeMs: [100, 100] }));
  t.deepEqual(
    spaced.examples.map((e) => e.source),
    tight.examples.map((e) => e.source),
  );
  for (const [i, e] of tight.examples.entries()) {
    const speech = clipsOf(e).reduce((n, c) => n + lengths.get(c)!, 0);
    t.is(e.input.data.length, speech);
    const s = spaced.examples[i]!;
    t.is(s.input.data.length, speech + 2000 * (words(e).length - 1) + 2 * 800);
    // The edges are silent.
    t.true(s.input.data.subarray(0, 800).every((v) => v === 0));
  }
  const random = await loadKind('digit-strings', small({ pauseMs: [30, 200], edgeMs: [50, 150] }));
  for (const [i, e] of random.examples.entries()) {
    const speech = clipsOf(e).reduce((n, c) => n + lengths.get(c)!, 0);
    const extra = e.input.data.length - speech;
    const gaps = words(e).length - 1;
    t.true(
      extra >= 240 * gaps + 800 && extra <= 1600 * gaps + 2400,
      `${tight.examples[i]!.id}: ${extra} samples of silence`,
    );
  }
});

test('noise: white noise at the drawn SNR on the same sentences', async (t) => {
  const clean = await loadKind('digit-strings', small({ noise: null }));
  const noisy = await loadKind('digit-strings', small({ noise: { snrDb: [12, 12] } }));
  t.deepEqual(
    noisy.examples.map((e) => e.source),
    clean.examples.map((e) => e.source),
  );
  for (const [i, e] of noisy.examples.entries()) {
    const x = clean.examples[i]!.input.data;
    let signal = 0;
    let noise = 0;
    e.input.data.forEach((v, k) => {
      signal += x[k]! * x[k]!;
      noise += (v - x[k]!) ** 2;
    });
    t.true(Math.abs(10 * Math.log10(signal / noise) - 12) < 0.05, `${e.id}: SNR`);
  }
});

test(
  'a source without an official split: a seeded 80/20 split ' + 'per word and speaker keeps the pools apart',
  async (t) => {
    const params = { source: { kind: 'test-clips' }, trainSentences: 150, testSentences: 60, seed: 3 };
    const d = await loadKind('digit-strings', params, { extraKinds: [testClips] });
    const pools = { train: new Set<string>(), test: new Set<string>() };
    for (const e of d.examples) for (const c of clipsOf(e)) pools[e.officialSplit!].add(c);
    t.deepEqual(
      [...pools.train].filter((c) => pools.test.has(c)),
      [],
    );
    // 10 clips per (word, speaker): 2 go to the test pool.
    const perGroup = new Map<string, number>();
    for (const c of pools.test) perGroup.set(c.replace(/_\d+$/, ''), (perGroup.get(c.replace(/_\d+$/, '')) ?? 0) + 1);
    t.true([...perGroup.values()].every((n) => n <= 2));
    t.true(pools.train.size > 100);
    t.deepEqual(d.labels.speaker!.names, ['ann', 'bea', 'cy']);
    const again = await loadKind('digit-strings', params, { extraKinds: [testClips] });
    t.deepEqual(
      again.examples.map((e) => e.source),
      d.examples.map((e) => e.source),
    );
  },
);

test('sources without speakers or words are DataErrors', async (t) => {
  await t.throwsAsync(
    loadKind(
      'digit-strings',
      { source: { kind: 'test-clips', params: { noSpeakers: true } } },
      { extraKinds: [testClips] },
    ),
    { instanceOf: DataError, message: /has no speaker/ },
  );
  await t.throwsAsync(
    loadKind(
      'digit-strings',
      { source: { kind: 'test-clips', params: { noWords: true } } },
      { extraKinds: [testClips] },
    ),
    { instanceOf: DataError, message: /no `words` label/ },
  );
  await t.throwsAsync(loadKind('digit-strings', { source: { kind: 'test-clip' } }), { instanceOf: SpecError });
});
