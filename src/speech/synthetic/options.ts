/**
 * Options of the synthetic speech generator, their defaults, and the normalised form: every default
 * filled in, in a fixed key order, without the settings that cannot change the result (workers,
 * progress). The normalised form is what the cache key hashes and what the corpus records.
 */
import type { LexiconOptions } from '../lexicon.js';

/** An inclusive [lo, hi] interval a value is drawn from uniformly; [x, x] fixes it. */
export type Range = readonly [number, number];

/** What to generate; see DEFAULTS for what is left out. */
export interface SyntheticSpeechOptions {
  /** Words, each spoken alone `utterancesPerWord` times (ignored as prompts when `sentences` is given). */
  readonly vocabulary?: readonly string[];
  readonly utterancesPerWord?: number;
  /** Prompts of several words, each spoken `utterancesPerSentence` times; words must be in `vocabulary` if given. */
  readonly sentences?: readonly string[];
  readonly utterancesPerSentence?: number;
  /** espeak-ng variants drawn from per utterance; each is a pseudo-speaker. */
  readonly voices?: readonly string[];
  /** Words per minute. */
  readonly speed?: Range;
  /** espeak pitch 0..99. */
  readonly pitch?: Range;
  /** espeak pitch range 0..99. */
  readonly pitchRange?: Range;
  /** Pause between words, 10 ms units. */
  readonly wordGap?: Range;
  /** White noise at an SNR drawn from snrDb, or null for clean speech. */
  readonly noise?: { readonly snrDb: Range } | null;
  /** Output sample rate (espeak-ng speaks at 22050 Hz; other rates are resampled). */
  readonly sampleRate?: number;
  readonly seed?: number;
  /** Pronunciations for the phoneme labels (overrides, variant). */
  readonly lexicon?: LexiconOptions;
  /**
   * Synthesis threads, the calling one included (default: the number of cores, at most one per 64
   * utterances); does not change the result.
   */
  readonly workers?: number;
  /** Called after each utterance with (done, total); does not change the result. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Male m1..m8 and female f1..f5 espeak-ng variants. */
export const DEFAULT_VOICES: readonly string[] = [
  'm1',
  'm2',
  'm3',
  'm4',
  'm5',
  'm6',
  'm7',
  'm8',
  'f1',
  'f2',
  'f3',
  'f4',
  'f5',
];

/** Defaults of every option that has one. */
export const DEFAULTS = {
  utterancesPerWord: 10,
  utterancesPerSentence: 1,
  voices: DEFAULT_VOICES,
  speed: [130, 210] as Range,
  pitch: [25, 75] as Range,
  pitchRange: [20, 80] as Range,
  wordGap: [0, 0] as Range,
  noise: null,
  sampleRate: 16000,
  seed: 0,
} as const;

/** Options with defaults filled in, in a fixed key order (JSON-stable). */
export interface NormalisedOptions {
  readonly prompts: readonly string[];
  readonly repeats: number;
  readonly vocabulary: readonly string[] | null;
  readonly voices: readonly string[];
  readonly speed: Range;
  readonly pitch: Range;
  readonly pitchRange: Range;
  readonly wordGap: Range;
  readonly noise: { readonly snrDb: Range } | null;
  readonly sampleRate: number;
  readonly seed: number;
  readonly lexicon: { readonly overrides: Readonly<Record<string, string>>; readonly variant: number };
}

/** Fills defaults and fixes key order; prompts are the sentences, or the vocabulary words. */
export function normaliseOptions(o: SyntheticSpeechOptions): NormalisedOptions {
  const sentences = o.sentences !== undefined && o.sentences.length > 0;
  const overrides = Object.fromEntries(
    Object.entries(o.lexicon?.overrides ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return {
    prompts: ((sentences ? o.sentences : o.vocabulary) ?? []).map((p) => splitWords(p).join(' ')),
    repeats: sentences
      ? (o.utterancesPerSentence ?? DEFAULTS.utterancesPerSentence)
      : (o.utterancesPerWord ?? DEFAULTS.utterancesPerWord),
    vocabulary: sentences && o.vocabulary ? o.vocabulary.map((w) => w.trim().toLowerCase()) : null,
    voices: [...(o.voices ?? DEFAULTS.voices)],
    speed: pair(o.speed ?? DEFAULTS.speed),
    pitch: pair(o.pitch ?? DEFAULTS.pitch),
    pitchRange: pair(o.pitchRange ?? DEFAULTS.pitchRange),
    wordGap: pair(o.wordGap ?? DEFAULTS.wordGap),
    noise: o.noise ? { snrDb: pair(o.noise.snrDb) } : null,
    sampleRate: o.sampleRate ?? DEFAULTS.sampleRate,
    seed: o.seed ?? DEFAULTS.seed,
    lexicon: { overrides, variant: o.lexicon?.variant ?? 0 },
  };
}

/** Lower-case words of a prompt. */
export function splitWords(text: string): string[] {
  return text
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

function pair(r: Range): Range {
  return [r[0], r[1]];
}
