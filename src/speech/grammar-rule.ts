/**
 * The word-sequence constraint of the grammar stage: a word class and a count, e.g. `digit` (exactly
 * one word), `digit+`, `digit*`, `digit{4}`, `digit{3,7}`. The class names any word of the
 * vocabulary (`digit`, `word` and `any` are synonyms), or one word given in quotes: `"yes"{1,2}`.
 */
export interface GrammarRule {
  readonly min: number;
  readonly max: number;
  /** Allowed word (index into the vocabulary), or undefined for any. */
  readonly word: string | undefined;
  readonly source: string;
}

/** Parses a rule; returns an error message instead when it is not one. */
export function parseRule(source: string): GrammarRule | string {
  const m = /^\s*(?:(digit|word|any)|"([^"]+)")\s*(\+|\*|\{\s*(\d+)\s*(?:,\s*(\d+)?\s*)?\})?\s*$/.exec(source);
  if (!m) return `cannot read the rule ${JSON.stringify(source)}: expected e.g. digit, digit+, digit{4} or digit{3,7}`;
  const word = m[2];
  const q = m[3];
  let min = 1;
  let max = 1;
  if (q === '+') max = Infinity;
  else if (q === '*') {
    min = 0;
    max = Infinity;
  } else if (q) {
    min = Number(m[4]);
    max = m[5] !== undefined ? Number(m[5]) : q.includes(',') ? Infinity : min;
  }
  if (max < min) return `rule ${JSON.stringify(source)}: the maximum ${max} is below the minimum ${min}`;
  return { min, max, word, source };
}

/** Whether a word sequence satisfies the rule. */
export function matchesRule(rule: GrammarRule, words: readonly number[], vocabulary: readonly string[]): boolean {
  if (words.length < rule.min || words.length > rule.max) return false;
  return rule.word === undefined || words.every((w) => vocabulary[w] === rule.word);
}
