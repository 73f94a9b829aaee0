import type { InferenceHead, InferenceStage } from '../core/inference.js';
import type { Item } from '../core/item.js';
import { decodeHypotheses } from '../speech/hypotheses.js';

/** What one stage gave, in the terms of its kind (token ids turned into their names). */
export type StageOutput =
  | { readonly kind: 'waveform'; readonly samples: Float32Array; readonly sampleRate: number }
  | { readonly kind: 'features'; readonly frames: number; readonly dim: number; readonly data: Float32Array }
  | {
      readonly kind: 'posteriors';
      readonly label: string;
      readonly frames: number;
      /** Names of the units: the CTC blank (`<blank>`) first, then the alphabet. */
      readonly units: readonly string[];
      /** Log-posteriors, frames x units. */
      readonly logProbs: Float32Array;
    }
  | {
      readonly kind: 'n-best';
      readonly hypotheses: readonly {
        readonly words: readonly string[];
        readonly score: number;
        readonly acoustic: number;
      }[];
    }
  | { readonly kind: 'words'; readonly words: readonly string[] }
  | {
      readonly kind: 'classes';
      readonly label: string;
      readonly names: readonly string[];
      /** Log-probabilities per class (softmax) or probabilities per output (sigmoid). */
      readonly values: Float32Array;
      readonly multiLabel: boolean;
    }
  | { readonly kind: 'values'; readonly data: Float32Array; readonly shape: readonly number[] };

/** The names token ids of a stage's output stand for (words of an n-best list or a sentence). */
export function vocabularyOf(stage: InferenceStage, upstream: readonly string[] | undefined): readonly string[] {
  switch (stage.op) {
    case 'lexicon-decoder':
      return stage.words;
    case 'grammar':
      return stage.vocabulary;
    case 'network': {
      const h = stage.heads[0];
      return h?.kind === 'ctc' ? h.alphabet : h?.kind === 'softmax' ? h.classes : [];
    }
    default:
      return upstream ?? [];
  }
}

/** A stage's item as its readable output. */
export function describeItem(
  stage: InferenceStage,
  x: Item,
  vocabulary: readonly string[],
  head?: InferenceHead,
): StageOutput {
  const name = (id: number) => vocabulary[id] ?? `#${id}`;
  switch (stage.op) {
    case 'audio-input':
      return { kind: 'waveform', samples: x.data, sampleRate: stage.sampleRate };
    case 'features':
    case 'standardize':
      return x.shape.length === 2
        ? { kind: 'features', frames: x.shape[0]!, dim: x.shape[1]!, data: x.data }
        : { kind: 'values', data: x.data, shape: x.shape };
    case 'lexicon-decoder':
      return nBest(x, name);
    case 'grammar':
      return { kind: 'words', words: Array.from(x.data, name) };
    case 'network': {
      const h = head ?? stage.heads[0]!;
      if (h.kind === 'ctc') {
        if (h.decodeAs === 'hypotheses') return nBest(x, (id) => h.alphabet[id] ?? `#${id}`);
        return {
          kind: 'posteriors',
          label: h.label,
          frames: x.shape[0]!,
          units: ['<blank>', ...h.alphabet],
          logProbs: x.data,
        };
      }
      const names = h.kind === 'softmax' ? h.classes : h.outputs;
      return { kind: 'classes', label: h.label, names, values: x.data, multiLabel: h.kind === 'sigmoid' };
    }
    default:
      return { kind: 'values', data: x.data, shape: x.shape };
  }
}

function nBest(x: Item, name: (id: number) => string): StageOutput {
  return {
    kind: 'n-best',
    hypotheses: decodeHypotheses(x).map((h) => ({ words: h.words.map(name), score: h.score, acoustic: h.acoustic })),
  };
}
