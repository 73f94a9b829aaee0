/**
 * The inference graph of an exported pipeline (`concertina export`): what each stage computes at
 * inference, in plain JSON, so that the runtime (`concertina/runtime`) can run it without the spec,
 * the data or concertina's training code. Stages describe themselves (Stage.inference); a stage kind
 * without a description has no inference path and cannot be exported.
 */

/** Version of the bundle manifest; the runtime refuses manifests of another major version. */
export const BUNDLE_VERSION = 1;

/** How a network head turns raw outputs into what the next stage takes. */
export type InferenceHead =
  | {
      readonly kind: 'ctc';
      readonly label: string;
      /** Token alphabet; output unit 0 is the blank, unit k is alphabet[k - 1]. */
      readonly alphabet: readonly string[];
      /** Per-frame log-posteriors, or an n-best list of token sequences (prefix beam search). */
      readonly decodeAs: 'posteriors' | 'hypotheses';
      readonly beamWidth: number;
      readonly nBest: number;
    }
  | { readonly kind: 'softmax'; readonly label: string; readonly classes: readonly string[] }
  | { readonly kind: 'sigmoid'; readonly label: string; readonly outputs: readonly string[] };

/**
 * One of a network stage's separate networks: its model and the heads it owns, in the order of its outputs.
 * An owner is a head of the stage (index into its `heads`), or one output (`entry`) of a sigmoid head
 * trained as a network of its own: a single sigmoid output, put at that place of the head's outputs.
 */
export interface InferencePart {
  /** model.json of the network, relative to the bundle. */
  readonly model: string;
  readonly owners: readonly { readonly head: number; readonly entry?: number }[];
}

/** What one stage computes at inference. */
export type InferenceOp =
  /** The source: audio at this rate (the runtime resamples other rates), or a fixed-shape input. */
  | { readonly op: 'audio-input'; readonly sampleRate: number }
  | { readonly op: 'input'; readonly shape: readonly number[] }
  /** Hand-designed features of a waveform, with the stage's params as the feature code takes them. */
  | {
      readonly op: 'features';
      readonly features: 'mfcc' | 'log-mel';
      readonly sampleRate: number;
      readonly params: Readonly<Record<string, unknown>>;
    }
  /**
   * A trained tfjs LayersModel (one output per head), or several (`parts`: separate networks per head, the
   * single-task baseline), whose outputs the runtime assembles into the heads'.
   */
  | ({
      readonly op: 'network';
      readonly heads: readonly InferenceHead[];
      /** Inputs are sequences [T, D], padded to a multiple of lengthMultiple (else fixed-shape items). */
      readonly sequenceInput: boolean;
      readonly lengthMultiple: number;
      /** Valid output steps for n input steps: ceil(n / outputDivisor). */
      readonly outputDivisor: number;
    } & (
      | {
          /** model.json of the network, relative to the bundle. */
          readonly model: string;
          readonly parts?: undefined;
        }
      | { readonly model?: undefined; readonly parts: readonly InferencePart[] }
    ))
  /** Word-loop decoding of phoneme posteriors through the lexicon's pronunciations (phone ids). */
  | {
      readonly op: 'lexicon-decoder';
      readonly words: readonly string[];
      readonly pronunciations: readonly (readonly (readonly number[])[])[];
      readonly beamWidth: number;
      readonly nBest: number;
      readonly minWords: number;
      readonly maxWords: number | null;
      readonly wordBonus: number;
    }
  /** The best hypothesis of an n-best list that the rule allows, rescored with an n-gram model. */
  | {
      readonly op: 'grammar';
      readonly rule: string;
      readonly vocabulary: readonly string[];
      readonly ngram: unknown;
      readonly lmWeight: number;
      readonly wordBonus: number;
    }
  /** Per-feature standardisation with the training statistics. */
  | {
      readonly op: 'standardize';
      readonly mean: readonly number[];
      readonly std: readonly number[];
      readonly scale: boolean;
    };

/** One stage of the inference graph. */
export type InferenceStage = InferenceOp & {
  readonly id: string;
  /** The stage kind it came from (for messages). */
  readonly kind: string;
  readonly inputs: readonly string[];
};

/** manifest.json of an inference bundle. */
export interface BundleManifest {
  readonly format: 'concertina-bundle';
  readonly version: number;
  readonly pipeline: string;
  readonly mode: string;
  readonly run: { readonly id: string; readonly metrics: Readonly<Record<string, Readonly<Record<string, number>>>> };
  readonly exportedAt: string;
  readonly concertinaVersion: string;
  /** Stages in the order they run (topological). */
  readonly stages: readonly InferenceStage[];
  /** The stage whose output is the pipeline's answer. */
  readonly output: string;
  /** Custom layer classes the models use, which the runtime defines and registers. */
  readonly customLayers: readonly string[];
}
