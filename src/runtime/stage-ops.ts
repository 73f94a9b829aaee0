import type { InferenceOp } from '../core/inference.js';
import type { Item } from '../core/item.js';
import { DataError } from '../errors/pipeline-error.js';
import { computeLogMel } from '../features/log-mel.js';
import { computeMfcc } from '../features/mfcc.js';
import { grammarBest } from '../speech/grammar-decode.js';
import { parseRule } from '../speech/grammar-rule.js';
import { decodeHypotheses, encodeHypotheses } from '../speech/hypotheses.js';
import { NgramModel } from '../speech/ngram.js';
import { WordLoopDecoder } from '../speech/word-loop-decoder.js';

/** A stage of the runtime other than a network: one item in, one item out. */
export type ItemOp = (x: Item) => Item;

/** The function of a non-network stage, built once from its description (the same code training runs). */
export function itemOp(op: Exclude<InferenceOp, { op: 'network' }>, stageId: string): ItemOp {
  switch (op.op) {
    case 'audio-input':
    case 'input':
      return (x) => x;
    case 'features': {
      const compute = op.features === 'mfcc' ? computeMfcc : computeLogMel;
      return (x) => {
        const m = compute(x.data, op.sampleRate, op.params);
        return { data: m.data, shape: [m.numFrames, m.dim] };
      };
    }
    case 'standardize': {
      const dim = op.mean.length;
      return (x) => {
        const out = new Float32Array(x.data.length);
        for (let i = 0; i < out.length; i++) {
          const c = x.data[i]! - op.mean[i % dim]!;
          out[i] = op.scale ? c / op.std[i % dim]! : c;
        }
        return { data: out, shape: x.shape };
      };
    }
    case 'lexicon-decoder': {
      const decoder = new WordLoopDecoder(
        op.pronunciations.map((ps) => ps.map((p) => [...p])),
        {
          beamWidth: op.beamWidth,
          nBest: op.nBest,
          minWords: op.minWords,
          wordBonus: op.wordBonus,
          ...(op.maxWords !== null ? { maxWords: op.maxWords } : {}),
        },
      );
      return (x) => encodeHypotheses(decoder.decode(x.data, x.shape[0]!, x.shape[1]!));
    }
    case 'grammar': {
      const rule = parseRule(op.rule);
      if (typeof rule === 'string') throw new DataError(`stage \`${stageId}\`: ${rule}`, { location: { stageId } });
      const scoring = {
        rule,
        vocabulary: op.vocabulary,
        lm: NgramModel.fromJSON(op.ngram as ReturnType<NgramModel['toJSON']>),
        lmWeight: op.lmWeight,
        wordBonus: op.wordBonus,
      };
      return (x) => {
        const words = grammarBest(decodeHypotheses(x), scoring);
        return { data: Float32Array.from(words), shape: [words.length] };
      };
    }
    default: {
      const unknown: { op: string } = op;
      throw new DataError(`stage \`${stageId}\`: this runtime does not know the operation \`${unknown.op}\``, {
        location: { stageId },
        hint: 'update concertina',
      });
    }
  }
}
