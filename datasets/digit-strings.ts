import { addNoise } from '../src/api/audio.js';
import {
  contentKey,
  DataError,
  type DatasetKind,
  deriveSeed,
  type Example,
  type LoadedDataset,
  loadSchema,
  type Problem,
  Random,
  SpecError,
} from '../src/api/plugin.js';
import { type DigitStringsParams } from './generated/digit-strings.params.js';
import {
  DIGIT_WORDS,
  SpeechLabeler,
  describeSpeech,
  pipelineRate,
  requireLexicon,
  waveformItem,
} from './speech-labels.js';

const SOURCE_POINTER = '/dataset/params/source';
/** Share of each word's clips per speaker held out for test sentences when the source has no official split. */
const TEST_SHARE = 0.2;

/** One single-word clip of the source. */
interface Clip {
  readonly id: string;
  readonly samples: Float32Array;
  readonly word: string;
  readonly speaker: string;
  readonly pool: 'train' | 'test';
}

/** A clip as the source gives it, with the source's own split. */
type SourceClip = Omit<Clip, 'pool'> & { readonly official: 'train' | 'test' | undefined };

/**
 * Multi-word utterances (PIN codes, phone numbers) spliced from one speaker's single-word clips of a
 * source dataset. Train and test sentences draw on disjoint clip pools, so a test sentence never
 * replays a recording heard in training.
 */
export const digitStringsDataset: DatasetKind<DigitStringsParams> = {
  kind: 'digit-strings',
  description:
    "Digit strings spliced from one speaker's word clips of a source dataset, with pauses and optional noise.",
  paramsSchema: loadSchema('datasets/digit-strings.params.schema.json'),
  uses: ['lexicon'],
  describe(p, requirements) {
    checkParams(p);
    return describeSpeech(requirements, {
      vocabularySize: vocabularyOf(p).length,
      speakers: true,
      officialSplit: true,
    });
  },
  vocabulary: (p) => vocabularyOf(p),
  async load(p, ctx) {
    checkParams(p);
    const lexicon = requireLexicon(ctx, 'digit-strings');
    const rate = pipelineRate(ctx.requirements);
    const seed = p.seed;
    const source = await ctx.loadSource(p.source, SOURCE_POINTER);
    const clips = dividePools(sourceClips(source, vocabularyOf(p), p.source.kind), seed);
    const labeler = new SpeechLabeler(
      vocabularyOf(p),
      lexicon,
      clips.map((c) => c.speaker),
    );
    const examples: Example[] = [];
    for (const [split, count] of [
      ['train', p.trainSentences],
      ['test', p.testSentences],
    ] as const) {
      examples.push(
        ...makeSentences(
          split,
          count,
          clips.filter((c) => c.pool === split),
          p,
          rate,
          labeler,
          ctx.progress,
        ),
      );
    }
    const fingerprint = contentKey({ generator: 'digit-strings@1', p, source: source.fingerprint, rate });
    return { examples, labels: labeler.info(), skipped: source.skipped, fingerprint } satisfies LoadedDataset;
  },
};

/** The source's vocabulary when its params name one, else the digits. */
function vocabularyOf(p: DigitStringsParams): readonly string[] {
  const v = p.source.params?.vocabulary;
  return Array.isArray(v) && v.length > 0 && v.every((w) => typeof w === 'string') ? (v as string[]) : DIGIT_WORDS;
}

function checkParams(p: DigitStringsParams): void {
  const problems: Problem[] = [];
  const range = (name: string, r: readonly number[] | undefined) => {
    if (r && r[0]! > r[1]!)
      problems.push({
        code: 'bad-range',
        pointer: `/dataset/params/${name}`,
        message: `${name} [${r[0]}, ${r[1]}] is empty: lo is above hi`,
        hint: `write it as [${r[1]}, ${r[0]}]`,
      });
  };
  if (p.minWords > p.maxWords)
    problems.push({
      code: 'bad-range',
      pointer: '/dataset/params/minWords',
      message: `minWords (${p.minWords}) is above maxWords (${p.maxWords})`,
    });
  range('pauseMs', p.pauseMs);
  range('edgeMs', p.edgeMs);
  if (p.noise) range('noise/snrDb', p.noise.snrDb);
  if (problems.length) throw new SpecError(problems);
}

/** The source's single-word clips with their word and speaker; multi-word examples are left out. */
function sourceClips(source: LoadedDataset, vocabulary: readonly string[], kind: string): SourceClip[] {
  const words = source.labels.words;
  if (!words || words.kind !== 'sequence')
    throw new DataError(`source dataset \`${kind}\` has no \`words\` label to splice sentences from`, {
      location: { pointer: `${SOURCE_POINTER}/kind` },
      hint: 'use a speech dataset such as wav-folder or synthetic-speech',
    });
  const speakers = source.labels.speaker?.names;
  const known = new Set(vocabulary);
  const unknown = new Set<string>();
  const out: SourceClip[] = [];
  for (const e of source.examples) {
    const ids = e.labels.words;
    if (!Array.isArray(ids) || ids.length !== 1) continue;
    const word = words.names[ids[0] as number]!;
    const speakerId = e.labels.speaker;
    const speaker = e.group ?? (typeof speakerId === 'number' ? speakers?.[speakerId] : undefined);
    if (speaker === undefined)
      throw new DataError(`source example ${e.id} has no speaker: a sentence must come from one speaker`, {
        location: { pointer: SOURCE_POINTER },
        hint: 'use a source with speakers (e.g. a wav-folder pattern with {speaker})',
      });
    if (e.input.shape.length > 1 && e.input.shape[1] !== 1)
      throw new DataError(`source example ${e.id} is not a mono waveform (shape [${e.input.shape.join(', ')}])`, {
        location: { pointer: SOURCE_POINTER },
      });
    if (!known.has(word)) unknown.add(word);
    out.push({ id: e.id, samples: e.input.data, word, speaker, official: e.officialSplit });
  }
  if (unknown.size)
    throw new DataError(
      `source words ${[...unknown].map((w) => `"${w}"`).join(', ')} ` +
        `are not in the vocabulary (${vocabulary.join(', ')})`,
      {
        location: { pointer: `${SOURCE_POINTER}/params/vocabulary` },
        hint: 'give the source its vocabulary in source.params.vocabulary',
      },
    );
  if (out.length === 0)
    throw new DataError(`source dataset \`${kind}\` has no single-word clips`, {
      location: { pointer: SOURCE_POINTER },
    });
  return out;
}

/**
 * Train/test pools: the source's official split when every clip has one, else a seeded 80/20
 * split of each (word, speaker) group, so both pools hold every word of every speaker.
 */
function dividePools(clips: readonly SourceClip[], seed: number): Clip[] {
  const strip = ({ official: _o, ...c }: SourceClip, pool: 'train' | 'test'): Clip => ({ ...c, pool });
  if (clips.every((c) => c.official !== undefined)) return clips.map((c) => strip(c, c.official!));
  const groups = new Map<string, number[]>();
  clips.forEach((c, i) => {
    const k = `${c.word}\u0000${c.speaker}`;
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  const rng = new Random(deriveSeed(seed, 'pools'));
  const test = new Set<number>();
  for (const k of [...groups.keys()].sort()) {
    const members = rng.shuffle(groups.get(k)!);
    let n = Math.round(members.length * TEST_SHARE);
    if (n === 0 && members.length >= 2) n = 1;
    members.slice(0, n).forEach((i) => test.add(i));
  }
  return clips.map((c, i) => strip(c, test.has(i) ? 'test' : 'train'));
}

/** `count` sentences of one split from its pool; words, pauses and noise draw on separate seeded streams. */
function makeSentences(
  split: 'train' | 'test',
  count: number,
  pool: readonly Clip[],
  p: DigitStringsParams,
  rate: number,
  labeler: SpeechLabeler,
  progress: (done: number, total: number, what: string) => void,
): Example[] {
  if (count === 0) return [];
  if (pool.length === 0)
    throw new DataError(`the source has no ${split} clips, so no ${split} sentences can be made`, {
      location: { pointer: SOURCE_POINTER },
      hint: `give the source more clips, or set ${split}Sentences to 0`,
    });
  const bySpeaker = new Map<string, Map<string, Clip[]>>();
  for (const c of pool) {
    const words = bySpeaker.get(c.speaker) ?? bySpeaker.set(c.speaker, new Map()).get(c.speaker)!;
    (words.get(c.word) ?? words.set(c.word, []).get(c.word)!).push(c);
  }
  const speakers = [...bySpeaker.keys()].sort();
  const seed = p.seed;
  const pick = new Random(deriveSeed(seed, `${split}/words`));
  const timing = new Random(deriveSeed(seed, `${split}/timing`));
  const noise = new Random(deriveSeed(seed, `${split}/noise`));
  const [minW, maxW] = [p.minWords, p.maxWords];
  const ms = (r: readonly number[]) => Math.round((timing.uniform(r[0]!, r[1]!) * rate) / 1000);
  const out: Example[] = [];
  for (let i = 0; i < count; i++) {
    const speaker = pick.pick(speakers);
    const words = bySpeaker.get(speaker)!;
    const wordList = [...words.keys()].sort();
    const length = minW + pick.int(maxW - minW + 1);
    const chosen = Array.from({ length }, () => pick.pick(words.get(pick.pick(wordList))!));
    const gaps = [ms(p.edgeMs), ...chosen.slice(1).map(() => ms(p.pauseMs)), ms(p.edgeMs)];
    let audio = splice(
      chosen.map((c) => c.samples),
      gaps,
    );
    if (p.noise) audio = addNoise(audio, noise.uniform(p.noise.snrDb[0]!, p.noise.snrDb[1]!), noise);
    const id = `${split}-${String(i).padStart(5, '0')}`;
    out.push({
      id,
      input: waveformItem(audio),
      labels: labeler.labels(
        chosen.map((c) => c.word),
        speaker,
        id,
      ),
      group: speaker,
      officialSplit: split,
      source: chosen.map((c) => c.id).join(' + '),
    });
    if ((i + 1) % 100 === 0 || i + 1 === count) progress(i + 1, count, `making ${split} sentences`);
  }
  return out;
}

/** Clips with silences around them: gaps[0] before the first, gaps[k] after clip k-1. */
function splice(clips: readonly Float32Array[], gaps: readonly number[]): Float32Array {
  const total = clips.reduce((n, c) => n + c.length, 0) + gaps.reduce((n, g) => n + g, 0);
  const out = new Float32Array(total);
  let at = gaps[0]!;
  clips.forEach((c, k) => {
    out.set(c, at);
    at += c.length + gaps[k + 1]!;
  });
  return out;
}
