import test from 'ava';
import { SpecError } from '../../../src/errors/pipeline-error.js';
import { generateSyntheticSpeech } from '../../../src/speech/synthetic/generate.js';
import type { SyntheticCorpus } from '../../../src/speech/synthetic/corpus.js';
import type { SyntheticSpeechOptions } from '../../../src/speech/synthetic/options.js';

const small: SyntheticSpeechOptions = {
  vocabulary: ['one', 'seven', 'oh'],
  utterancesPerWord: 2,
  seed: 11,
  sampleRate: 16000,
  workers: 1,
};
const sameSamples = (a: Float32Array, b: Float32Array): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);
const labels = (c: SyntheticCorpus): unknown => c.utterances.map(({ samples: _samples, ...rest }) => rest);
const identical = (a: SyntheticCorpus, b: SyntheticCorpus): boolean =>
  JSON.stringify(labels(a)) === JSON.stringify(labels(b)) &&
  a.utterances.every((u, i) => sameSamples(u.samples, b.utterances[i]!.samples));

test('labels: words, text, lexicon phonemes, speaker = variant; audio at the target rate', async (t) => {
  const c = await generateSyntheticSpeech(small);
  t.is(c.sampleRate, 16000);
  t.is(c.utterances.length, 6);
  t.deepEqual(
    c.utterances.map((u) => u.text),
    ['one', 'one', 'seven', 'seven', 'oh', 'oh'],
  );
  const seven = c.utterances[2]!;
  t.deepEqual(seven.words, ['seven']);
  t.deepEqual(seven.phonemes, ['S', 'EH', 'V', 'AH', 'N']);
  t.deepEqual(c.utterances[4]!.phonemes, ['OW']);
  for (const u of c.utterances) {
    t.is(u.speaker, u.voice.variant);
    t.regex(u.id, new RegExp(`^${u.words.join('-')}_${u.speaker}_\\d+$`));
    t.true(u.voice.speed >= 130 && u.voice.speed <= 210);
    const seconds = u.samples.length / 16000;
    t.true(seconds > 0.15 && seconds < 2, `${u.id}: ${seconds} s`);
    t.is(u.snrDb, null);
  }
  t.is(new Set(c.utterances.map((u) => u.id)).size, 6);
});

test('same seed -> identical corpus; another seed -> another corpus', async (t) => {
  const a = await generateSyntheticSpeech(small);
  const b = await generateSyntheticSpeech(small);
  const c = await generateSyntheticSpeech({ ...small, seed: 12 });
  t.true(identical(a, b));
  t.false(identical(a, c));
  t.notDeepEqual(
    a.utterances.map((u) => u.voice),
    c.utterances.map((u) => u.voice),
  );
});

test('the result does not depend on the number of worker threads', async (t) => {
  const opts: SyntheticSpeechOptions = { ...small, vocabulary: ['two', 'five', 'nine'], noise: { snrDb: [10, 20] } };
  const one = await generateSyntheticSpeech({ ...opts, workers: 1 });
  const two = await generateSyntheticSpeech({ ...opts, workers: 2 });
  t.true(identical(one, two));
});

test('noise: each utterance gets white noise at an SNR drawn from the range', async (t) => {
  const clean = await generateSyntheticSpeech(small);
  const noisy = await generateSyntheticSpeech({ ...small, noise: { snrDb: [5, 15] } });
  noisy.utterances.forEach((u, i) => {
    const ref = clean.utterances[i]!.samples;
    t.true(u.snrDb! >= 5 && u.snrDb! <= 15);
    let s = 0;
    let n = 0;
    for (let k = 0; k < ref.length; k++) {
      s += ref[k]! ** 2;
      n += (u.samples[k]! - ref[k]!) ** 2;
    }
    t.true(Math.abs(10 * Math.log10(s / n) - u.snrDb!) < 0.1, `${u.id}: asked ${u.snrDb} dB`);
  });
});

test('sentences: several words per utterance, phonemes concatenated', async (t) => {
  const c = await generateSyntheticSpeech({
    sentences: ['one two', 'nine oh five'],
    utterancesPerSentence: 1,
    workers: 1,
    sampleRate: 8000,
  });
  t.deepEqual(
    c.utterances.map((u) => u.words),
    [
      ['one', 'two'],
      ['nine', 'oh', 'five'],
    ],
  );
  t.deepEqual(c.utterances[0]!.phonemes, ['W', 'AH', 'N', 'T', 'UW']);
  t.true(c.utterances[1]!.samples.length / 8000 > 0.6);
});

test('progress is reported once per utterance up to the total', async (t) => {
  const seen: Array<[number, number]> = [];
  await generateSyntheticSpeech({ ...small, utterancesPerWord: 1, onProgress: (d, n) => seen.push([d, n]) });
  t.deepEqual(seen, [
    [1, 3],
    [2, 3],
    [3, 3],
  ]);
});

test('every problem with the options is reported at once, before any synthesis', async (t) => {
  const err = await t.throwsAsync(
    generateSyntheticSpeech({
      vocabulary: ['one', 'sevn', 'zzqxz'],
      voices: ['m1', 'M3', 'm42'],
      speed: [300, 200],
      pitch: [0, 120],
      utterancesPerWord: 0,
      sampleRate: 0,
    }),
    { instanceOf: SpecError },
  );
  const codes = err!.problems.map((p) => `${p.code}@${p.pointer}`);
  t.deepEqual(codes, [
    'bad-count@/utterancesPerWord',
    'unknown-voice@/voices/1',
    'unknown-voice@/voices/2',
    'bad-range@/speed',
    'bad-range@/pitch',
    'bad-sample-rate@/sampleRate',
    'unknown-word@/vocabulary',
    'unknown-word@/vocabulary',
  ]);
  t.regex(err!.problems[1]!.hint!, /did you mean "m3"\?/);
  t.regex(err!.problems[6]!.hint!, /did you mean .*"seven"/);
  const words = await t.throwsAsync(generateSyntheticSpeech({ vocabulary: ['one'], sentences: ['one two'] }), {
    instanceOf: SpecError,
  });
  t.is(words!.problems[0]!.code, 'word-not-in-vocabulary');
});
