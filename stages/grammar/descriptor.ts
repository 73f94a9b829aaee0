import { loadSchema, type StageDescriptor } from '../../src/api/plugin.js';
import { parseRule } from '../../src/api/speech.js';
import type { GrammarParams } from '../generated/grammar.params.js';

/**
 * The sentence model: picks, from the word model's n-best list, the best word sequence the rule
 * allows, scoring acoustics + lmWeight x n-gram log-probability (estimated on the training
 * sentences) + wordBonus per word.
 */
export const grammarDescriptor: StageDescriptor<GrammarParams> = {
  kind: 'grammar',
  description:
    'Constrains and rescores word sequences with a rule (e.g. digit{3,7}) ' +
    'and an n-gram model of the training sentences.',
  version: 1,
  paramsSchema: loadSchema('stages/grammar.params.schema.json'),
  inputs: () => [{ name: 'hypotheses', kinds: ['hypotheses'] }],
  output: () => ({ kind: 'tokens', dims: [] }),
  check: (p) => {
    const r = parseRule(p.rule);
    return typeof r === 'string' ? [{ code: 'invalid-rule', pointer: '/rule', message: r }] : [];
  },
  fit: 'supervised',
  labelKinds: ['sequence'],
  collapse: 'decoder',
};
