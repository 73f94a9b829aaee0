import test from 'ava';
import { matchesRule, parseRule, type GrammarRule } from '../../src/speech/grammar-rule.js';
import { NgramModel } from '../../src/speech/ngram.js';

const vocab = ['zero', 'one', 'two'];
const rule = (s: string) => parseRule(s) as GrammarRule;

test('rules parse into counts', (t) => {
  t.like(rule('digit'), { min: 1, max: 1 });
  t.like(rule('digit+'), { min: 1, max: Infinity });
  t.like(rule('word*'), { min: 0, max: Infinity });
  t.like(rule('digit{4}'), { min: 4, max: 4 });
  t.like(rule('digit{3,7}'), { min: 3, max: 7 });
  t.like(rule('any{2,}'), { min: 2, max: Infinity });
  t.like(rule('"one"{1,2}'), { word: 'one', min: 1, max: 2 });
  t.regex(parseRule('digits{3') as string, /cannot read the rule/);
  t.regex(parseRule('digit{5,3}') as string, /below the minimum/);
});

test('rules match word sequences', (t) => {
  t.true(matchesRule(rule('digit{3,7}'), [0, 1, 2], vocab));
  t.false(matchesRule(rule('digit{3,7}'), [0, 1], vocab));
  t.true(matchesRule(rule('"one"+'), [1, 1], vocab));
  t.false(matchesRule(rule('"one"+'), [1, 2], vocab));
});

test('the n-gram model prefers what it was trained on and is a distribution', (t) => {
  const m = new NgramModel(2, 3, 0.1).fit([
    [0, 1, 2],
    [0, 1, 2],
    [0, 1],
  ]);
  t.true(m.logProb([0, 1, 2]) > m.logProb([2, 1, 0]));
  // Sum over all sentences of length <= 3 is at most 1 (bigram with end symbol).
  let total = 0;
  const all = (prefix: number[]) => {
    total += Math.exp(m.logProb(prefix));
    if (prefix.length < 3) for (let w = 0; w < 3; w++) all([...prefix, w]);
  };
  all([]);
  t.true(total <= 1 + 1e-9 && total > 0.5, `mass ${total}`);
  const round = NgramModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  t.is(round.logProb([0, 1]), m.logProb([0, 1]));
  t.is(new NgramModel(0, 3).fit([[1]]).logProb([2, 2]), 0);
});
