/** What the synthetic speech generator produces. */
import type { Voice } from '../espeak/synthesize.js';
import type { NormalisedOptions } from './options.js';

/** One synthetic utterance and its labels. */
export interface SyntheticUtterance {
  /** `<words joined by ->_<variant>_<index>`, unique in the corpus. */
  readonly id: string;
  readonly words: readonly string[];
  readonly text: string;
  /** Stress-free ARPAbet phones of the words, from the Lexicon (as for real data), not from espeak-ng. */
  readonly phonemes: readonly string[];
  /** Pseudo-speaker: the voice variant (for speaker-independent splits). */
  readonly speaker: string;
  /** Voice settings the utterance was spoken with. */
  readonly voice: Voice;
  /** SNR of the added white noise in dB, or null when clean. */
  readonly snrDb: number | null;
  readonly seed: number;
  /** Mono samples at the corpus sample rate. */
  readonly samples: Float32Array;
}

/** A generated (or cached) corpus. */
export interface SyntheticCorpus {
  readonly sampleRate: number;
  readonly utterances: readonly SyntheticUtterance[];
  /** The options it was made from, defaults filled in. */
  readonly options: NormalisedOptions;
}
