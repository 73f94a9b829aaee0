import test from 'ava';
import { accuracy, errorRate, MetricInputError, sentenceErrorRate } from '../../src/metrics/error-rates.js';
import { PipelineError } from '../../src/errors/pipeline-error.js';

const w = (s: string): string[] => (s === '' ? [] : s.split(' '));

test('corpus error rate sums edits over sentences and divides by all reference tokens', (t) => {
  const refs = [w('the cat sat on the mat'), w('a b c d')];
  const hyps = [w('the cat sit on mat'), w('a b x c d e')];
  // Sentence 1: 1 substitution + 1 deletion; sentence 2: 2 insertions; N = 6 + 4.
  t.deepEqual(errorRate(refs, hyps), {
    rate: 4 / 10,
    substitutions: 1,
    insertions: 2,
    deletions: 1,
    referenceLength: 10,
  });
  t.is(errorRate([w('a')], [w('b c d')]).rate, 3, 'insertions can push the rate above 1');
});

test('phoneme error rate on id sequences', (t) => {
  const r = errorRate(
    [
      [5, 12, 7],
      [3, 3],
    ],
    [
      [5, 7],
      [3, 3, 9],
    ],
  );
  t.like(r, { deletions: 1, insertions: 1, substitutions: 0, referenceLength: 5 });
  t.is(r.rate, 2 / 5);
});

test('empty references: rate 0 with no errors, Infinity with insertions', (t) => {
  t.is(errorRate([[]], [[]]).rate, 0);
  t.is(errorRate([], []).rate, 0);
  t.is(errorRate([[]], [['a']]).rate, Infinity);
});

test('sentence error rate and accuracy (sequences and class labels)', (t) => {
  const refs = [w('one two'), w('three'), w('four five')];
  const hyps = [w('one two'), w('tree'), w('four five')];
  t.deepEqual(sentenceErrorRate(refs, hyps), { rate: 1 / 3, errors: 1, sentences: 3 });
  t.is(accuracy(refs, hyps), 2 / 3);
  t.is(accuracy([3, 1, 4, 1], [3, 1, 4, 7]), 0.75);
  t.is(accuracy([], []), 0);
  t.is(accuracy([[1, 2]], [[1, 2, 3]]), 0);
});

test('unpaired references and hypotheses raise MetricInputError', (t) => {
  for (const f of [() => errorRate([w('a')], []), () => sentenceErrorRate([], [w('a')]), () => accuracy([1, 2], [1])]) {
    const err = t.throws(f, { instanceOf: MetricInputError });
    t.true(err instanceof PipelineError);
    t.regex(err!.message, /references but \d+ hypotheses/);
  }
});
