import path from 'node:path';
import { DataError, type DatasetKind, type Example, loadSchema } from '../src/api/plugin.js';
import { type SyntheticSpeechParams } from './generated/synthetic-speech.params.js';
import { corpusKey, loadOrGenerate, phoneIndex, PHONES, type SyntheticSpeechOptions } from '../src/api/speech.js';
import { requireLexicon } from './speech-labels.js';

/**
 * Speech generated offline by eSpeak NG (WebAssembly): the embedded default data of concertina, so a
 * fresh machine can train speech pipelines without any recordings. Cached under a content key.
 */
export const syntheticSpeech: DatasetKind<SyntheticSpeechParams> = {
  kind: 'synthetic-speech',
  description: 'Words or sentences spoken by eSpeak NG voice variants, with words, phonemes and speaker labels.',
  paramsSchema: loadSchema('datasets/synthetic-speech.params.schema.json'),
  uses: ['lexicon'],
  describe: (p, req) => ({
    input: { kind: 'waveform', dims: [Number(req.sampleRate ?? 8000)] },
    labels: {
      words: { kind: 'sequence', size: p.vocabulary.length, description: 'the words spoken' },
      phonemes: { kind: 'sequence', size: PHONES.length, description: 'phonemes of the words, from the lexicon' },
      speaker: { kind: 'class', size: p.voices.length, description: 'the voice variant' },
    },
    hasOfficialSplit: true,
    hasGroups: true,
  }),
  vocabulary: (p) => [
    ...new Set([...p.vocabulary, ...(p.sentences ?? []).flatMap((s) => s.toLowerCase().split(/\s+/).filter(Boolean))]),
  ],
  // The corpus key is cheap to compute, so the runner caches (and locks) the loaded dataset under it.
  fingerprint: async (p, ctx) => corpusKey(corpusOptions(p, Number(ctx.requirements.sampleRate ?? 8000))),
  async load(p, ctx) {
    const lexicon = requireLexicon(ctx, 'synthetic-speech');
    const vocabulary = p.vocabulary;
    const voices = p.voices;
    const testVoices = new Set(p.testVoices);
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
          phonemes: u.words.flatMap((w) => lexicon.pronounce(w)).map(phoneIndex),
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
    vocabulary: p.vocabulary,
    utterancesPerWord: p.utterancesPerWord,
    ...(p.sentences?.length ? { sentences: p.sentences, utterancesPerSentence: p.utterancesPerSentence } : {}),
    voices: p.voices,
    speed: p.speed,
    pitch: p.pitch,
    pitchRange: p.pitchRange,
    noise: p.noise as SyntheticSpeechOptions['noise'],
    sampleRate,
    seed: p.seed,
  };
}
