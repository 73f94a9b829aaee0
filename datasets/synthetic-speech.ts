import path from 'node:path';
import type { DatasetKind, Example } from '../src/data/dataset.js';
import { DataError } from '../src/errors/pipeline-error.js';
import type { SyntheticSpeechParams } from '../src/spec/generated/datasets/synthetic-speech.params.js';
import { PHONES, phoneIndex } from '../src/speech/phone-set.js';
import { corpusKey, loadOrGenerate } from '../src/speech/synthetic/corpus-cache.js';
import { DEFAULT_VOICES, type SyntheticSpeechOptions } from '../src/speech/synthetic/options.js';
import { loadSchema } from '../src/util/package-root.js';

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/**
 * Speech generated offline by eSpeak NG (WebAssembly): the embedded default data of concertina, so a
 * fresh machine can train speech pipelines without any recordings. Cached under a content key.
 */
export const syntheticSpeech: DatasetKind<SyntheticSpeechParams> = {
  kind: 'synthetic-speech',
  description: 'Words or sentences spoken by eSpeak NG voice variants, with words, phonemes and speaker labels.',
  paramsSchema: loadSchema('datasets/synthetic-speech.params.schema.json'),
  usesLexicon: true,
  describe: (p, req) => ({
    input: { kind: 'waveform', dims: [Number(req.sampleRate ?? 8000)] },
    labels: {
      words: { kind: 'sequence', size: (p.vocabulary ?? DIGITS).length, description: 'the words spoken' },
      phonemes: { kind: 'sequence', size: PHONES.length, description: 'phonemes of the words, from the lexicon' },
      speaker: { kind: 'class', size: (p.voices ?? []).length || 13, description: 'the voice variant' },
    },
    hasOfficialSplit: true,
    hasGroups: true,
  }),
  vocabulary: (p) => [
    ...new Set([
      ...(p.vocabulary ?? DIGITS),
      ...(p.sentences ?? []).flatMap((s) => s.toLowerCase().split(/\s+/).filter(Boolean)),
    ]),
  ],
  // The corpus key is cheap to compute, so the runner caches (and locks) the loaded dataset under it.
  fingerprint: async (p, ctx) => corpusKey(corpusOptions(p, Number(ctx.requirements.sampleRate ?? 8000))),
  async load(p, ctx) {
    if (!ctx.lexicon)
      throw new DataError('synthetic-speech needs the pipeline lexicon for its phoneme labels', {
        hint: 'add "lexicon": {} to the spec',
      });
    const vocabulary = p.vocabulary ?? DIGITS;
    const voices = p.voices ?? DEFAULT_VOICES;
    const testVoices = new Set(p.testVoices ?? ['m7', 'f4']);
    for (const v of testVoices) {
      if (!voices.includes(v))
        throw new DataError(`test voice \`${v}\` is not among the voices`, {
          location: { pointer: '/dataset/params/testVoices' },
          hint: `use some of ${voices.join(', ')}`,
        });
    }
    const options: SyntheticSpeechOptions = {
      ...corpusOptions(p, Number(ctx.requirements.sampleRate ?? 8000)),
      onProgress: (done, total) => ctx.progress(done, total, 'synthesizing speech'),
    };
    const { corpus, key } = await loadOrGenerate(options, path.join(ctx.cacheDir, 'synthetic-speech'));
    const wordIndex = new Map(vocabulary.map((w, i) => [w, i]));
    const examples: Example[] = corpus.utterances.map((u) => {
      const words = u.words.map((w) => {
        const i = wordIndex.get(w);
        if (i === undefined)
          throw new DataError(`synthetic sentence word \`${w}\` is not in the vocabulary`, {
            location: { pointer: '/dataset/params/vocabulary' },
            hint: 'add it to vocabulary',
          });
        return i;
      });
      return {
        id: u.id,
        input: { data: u.samples, shape: [u.samples.length, 1] },
        labels: {
          words,
          phonemes: u.words.flatMap((w) => ctx.lexicon!.pronounce(w)).map(phoneIndex),
          speaker: voices.indexOf(u.speaker),
        },
        group: u.speaker,
        officialSplit: testVoices.has(u.speaker) ? 'test' : 'train',
        source:
          `espeak-ng ${u.speaker} speed ${u.voice.speed} pitch ${u.voice.pitch}` +
          `${u.snrDb !== null ? ` snr ${u.snrDb.toFixed(1)} dB` : ''}: "${u.text}"`,
      };
    });
    return {
      examples,
      labels: {
        words: { kind: 'sequence', names: vocabulary },
        phonemes: { kind: 'sequence', names: PHONES },
        speaker: { kind: 'class', names: voices },
      },
      skipped: [],
      fingerprint: key,
    };
  },
};

/** Generator options from the dataset params (what the corpus, and so its key, depends on). */
function corpusOptions(p: SyntheticSpeechParams, sampleRate: number): SyntheticSpeechOptions {
  return {
    vocabulary: p.vocabulary ?? DIGITS,
    utterancesPerWord: p.utterancesPerWord ?? 20,
    ...(p.sentences?.length ? { sentences: p.sentences, utterancesPerSentence: p.utterancesPerSentence ?? 1 } : {}),
    voices: p.voices ?? DEFAULT_VOICES,
    speed: p.speed ?? [130, 210],
    pitch: p.pitch ?? [25, 75],
    pitchRange: p.pitchRange ?? [20, 80],
    noise: (p.noise ?? null) as SyntheticSpeechOptions['noise'],
    sampleRate,
    seed: p.seed ?? 0,
  };
}
