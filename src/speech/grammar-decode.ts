import { matchesRule, type GrammarRule } from './grammar-rule.js';
import type { WordHypothesis } from './hypotheses.js';
import type { NgramModel } from './ngram.js';

/** What the grammar weighs: its rule over the vocabulary, the n-gram model, and the weights of both. */
export interface GrammarScoring {
  readonly rule: GrammarRule;
  readonly vocabulary: readonly string[];
  readonly lm: NgramModel;
  readonly lmWeight: number;
  readonly wordBonus: number;
}

/**
 * The best word sequence of an n-best list that the rule allows, rescored with the n-gram model (the
 * grammar stage in training and the inference runtime both pick through this). No hypothesis obeys the
 * rule: the word model's best rather than nothing.
 */
export function grammarBest(hyps: readonly WordHypothesis[], g: GrammarScoring): readonly number[] {
  let best: readonly number[] | undefined;
  let bestScore = -Infinity;
  for (const h of hyps) {
    if (!matchesRule(g.rule, h.words, g.vocabulary)) continue;
    const s = h.acoustic + g.lmWeight * g.lm.logProb(h.words) + g.wordBonus * h.words.length;
    if (s > bestScore) {
      bestScore = s;
      best = h.words;
    }
  }
  return best ?? hyps[0]?.words ?? [];
}
