/**
 * The label conventions every speech dataset follows, in one place: `words` (sequence of 0-based
 * indices into the vocabulary), `phonemes` (sequence of 0-based indices into PHONES, from the
 * pipeline lexicon only) and `speaker` (class index into the sorted speaker ids).
 */
import {
  DataError,
  type DatasetDescription,
  type DatasetLoadContext,
  type Item,
  type LabelInfo,
  type LabelValue,
  PipelineError,
} from '../src/api/plugin.js';
import { LEXICON, type Lexicon, phoneIndex, PHONES } from '../src/api/speech.js';

/** The ten digit words, the default vocabulary of speech datasets. */
export const DIGIT_WORDS: readonly string[] = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
];

/** Sample rate the pipeline's source stage asks for (8000 Hz when it names none). */
export function pipelineRate(requirements: Readonly<Record<string, unknown>>): number {
  const r = requirements.sampleRate;
  return typeof r === 'number' && r > 0 ? r : 8000;
}

/** What a speech dataset looks like before loading: waveforms at the pipeline rate and the conventional labels. */
export function describeSpeech(
  requirements: Readonly<Record<string, unknown>>,
  o: { readonly vocabularySize: number; readonly speakers: boolean; readonly officialSplit: boolean },
): DatasetDescription {
  return {
    input: { kind: 'waveform', dims: [pipelineRate(requirements)] },
    labels: {
      words: {
        kind: 'sequence',
        size: o.vocabularySize,
        description: 'the words said, as indices into the vocabulary',
      },
      phonemes: {
        kind: 'sequence',
        size: PHONES.length,
        description: 'the phones of the words (pipeline lexicon), as indices into the 39 ARPAbet phones',
      },
      ...(o.speakers ? { speaker: { kind: 'class' as const, description: 'who speaks (sorted speaker ids)' } } : {}),
    },
    hasOfficialSplit: o.officialSplit,
    hasGroups: o.speakers,
  };
}

/** The pipeline lexicon, which every speech dataset needs for its phoneme labels. */
export function requireLexicon(ctx: DatasetLoadContext, kind: string): Lexicon {
  const lexicon = ctx.services.get<Lexicon>(LEXICON);
  if (!lexicon)
    throw new PipelineError(
      `dataset \`${kind}\` needs the pipeline lexicon for its phoneme labels, and none was given`,
      {
        location: { pointer: '/lexicon' },
        hint: "declare `uses: ['lexicon']` on the dataset kind so the pipeline provides it",
      },
    );
  return lexicon;
}

/** A mono waveform item ([T, 1]). */
export function waveformItem(samples: Float32Array): Item {
  return { data: samples, shape: [samples.length, 1] };
}

/**
 * Builds the labels of utterances: word and phone indices (phones cached per word) and speaker
 * indices, with the matching LabelInfo.
 */
export class SpeechLabeler {
  private readonly wordIndex: ReadonlyMap<string, number>;
  private readonly phones = new Map<string, number[]>();
  private readonly speakerIndex: ReadonlyMap<string, number>;
  /** Sorted speaker ids, or undefined when the data has no speakers. */
  readonly speakers: readonly string[] | undefined;

  constructor(
    readonly vocabulary: readonly string[],
    private readonly lexicon: Lexicon,
    /** Speaker ids (sorted here), or undefined when the data has no speakers. */
    speakers: readonly string[] | undefined,
  ) {
    this.wordIndex = new Map(vocabulary.map((w, i) => [w, i]));
    this.speakers = speakers ? [...new Set(speakers)].sort() : undefined;
    this.speakerIndex = new Map((this.speakers ?? []).map((s, i) => [s, i]));
  }

  /** Labels of one utterance; `what` names it (a file) in errors. */
  labels(words: readonly string[], speaker: string | undefined, what: string): Record<string, LabelValue> {
    const ids = words.map((w) => {
      const i = this.wordIndex.get(w);
      if (i === undefined)
        throw new DataError(`${what}: word "${w}" is not in the vocabulary (${this.vocabulary.join(', ')})`, {
          location: { file: what },
          hint: 'add it to params.vocabulary',
        });
      return i;
    });
    const out: Record<string, LabelValue> = { words: ids, phonemes: words.flatMap((w) => this.phonesOf(w)) };
    if (this.speakers) {
      const s = speaker === undefined ? undefined : this.speakerIndex.get(speaker);
      if (s === undefined) throw new Error(`internal: speaker ${speaker} of ${what} is not among the speakers`);
      out.speaker = s;
    }
    return out;
  }

  /** LabelInfo of words, phonemes and (when there are speakers) speaker. */
  info(): Record<string, LabelInfo> {
    return {
      words: { kind: 'sequence', names: [...this.vocabulary] },
      phonemes: { kind: 'sequence', names: [...PHONES] },
      ...(this.speakers ? { speaker: { kind: 'class' as const, names: [...this.speakers] } } : {}),
    };
  }

  private phonesOf(word: string): number[] {
    let p = this.phones.get(word);
    if (!p) this.phones.set(word, (p = this.lexicon.pronounce(word).map(phoneIndex)));
    return p;
  }
}
