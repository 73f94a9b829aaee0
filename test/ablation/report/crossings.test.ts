import test from 'ava';
import { aggregate } from '../../../src/ablation/report/aggregate.js';
import { crossingSentences } from '../../../src/ablation/report/crossing-text.js';
import { comparePair } from '../../../src/ablation/report/crossings.js';
import type { TrialResult } from '../../../src/ablation/trial-result.js';
import { trial } from '../../fixtures/ablation/trials.js';

const EXAMPLES: Record<number, number> = { 0.1: 100, 0.25: 250, 1: 1000 };

/** Three seeds around each mean, spread `sd` (offsets -sd, 0, +sd give a sample std of exactly sd). */
function curve(arm: string, metric: string, means: readonly number[], sd = 0.01): TrialResult[] {
  return [0.1, 0.25, 1].flatMap((f, i) =>
    [-1, 0, 1].map((k, s) =>
      trial({
        arm,
        trainFraction: f,
        seed: s + 1,
        trainExamples: EXAMPLES[f]!,
        metrics: { [metric]: means[i]! + k * sd },
      }),
    ),
  );
}

test('a crossing is placed by linear interpolation on a log axis of examples', (t) => {
  const r = [...curve('staged', 'accuracy', [0.7, 0.75, 0.8]), ...curve('end-to-end', 'accuracy', [0.5, 0.72, 0.9])];
  const cells = aggregate(r, 'accuracy');
  const c = comparePair(cells, 'accuracy', 'staged', 'end-to-end');
  t.is(c.crossings.length, 1);
  const x = c.crossings[0]!;
  t.like(x, { leader: 'end-to-end', trailer: 'staged', fromFraction: 0.25, toFraction: 1 });
  // Advantages of staged: +0.03 at 250, -0.1 at 1000 -> t = 0.03 / 0.13 of the way in log space.
  t.true(Math.abs(x.examples - 250 * 4 ** (0.03 / 0.13)) < 1e-6, String(x.examples));
  t.deepEqual(crossingSentences(cells, 'accuracy', ['staged', 'end-to-end']), [
    'end-to-end overtakes staged between 25% and 100% of the training data (about 340 examples).',
  ]);
});

test('curves that do not cross: the better arm is named', (t) => {
  const r = [...curve('staged', 'accuracy', [0.7, 0.8, 0.9]), ...curve('end-to-end', 'accuracy', [0.5, 0.6, 0.85])];
  const cells = aggregate(r, 'accuracy');
  t.is(comparePair(cells, 'accuracy', 'staged', 'end-to-end').better, 'staged');
  t.deepEqual(crossingSentences(cells, 'accuracy', ['staged', 'end-to-end']), [
    'staged and end-to-end do not cross in the measured range; staged is better everywhere.',
  ]);
});

test('lower-is-better metrics: the arm with the smaller error leads', (t) => {
  const r = [...curve('staged', 'wer', [0.3, 0.25, 0.2]), ...curve('end-to-end', 'wer', [0.6, 0.4, 0.1])];
  const c = comparePair(aggregate(r, 'wer'), 'wer', 'staged', 'end-to-end');
  t.like(c.crossings[0], { leader: 'end-to-end', trailer: 'staged', fromFraction: 0.25, toFraction: 1 });
  const none = comparePair(
    aggregate([...curve('staged', 'wer', [0.3, 0.25, 0.2]), ...curve('e2e', 'wer', [0.4, 0.3, 0.25])], 'wer'),
    'wer',
    'staged',
    'e2e',
  );
  t.is(none.better, 'staged');
});

test('a crossing within one standard deviation is called not significant', (t) => {
  const r = [
    ...curve('staged', 'accuracy', [0.7, 0.8, 0.86], 0.05),
    ...curve('end-to-end', 'accuracy', [0.5, 0.78, 0.88], 0.05),
  ];
  const cells = aggregate(r, 'accuracy');
  const c = comparePair(cells, 'accuracy', 'staged', 'end-to-end');
  t.deepEqual(
    c.crossings[0]!.noisy.map((p) => p.trainFraction),
    [0.25, 1],
  );
  const [s] = crossingSentences(cells, 'accuracy', ['staged', 'end-to-end']);
  t.is(
    s,
    'end-to-end overtakes staged between 25% and 100% of the training data (about 500 examples); ' +
      'the differences at 25% (2.0 points) and 100% (2.0 points) ' +
      'are within one standard deviation, so the crossing is not significant.',
  );
});

test('no crossing but differences within noise at some fractions: those are named', (t) => {
  const r = [
    ...curve('staged', 'accuracy', [0.7, 0.8, 0.9], 0.02),
    ...curve('end-to-end', 'accuracy', [0.5, 0.79, 0.89], 0.02),
  ];
  const [s] = crossingSentences(aggregate(r, 'accuracy'), 'accuracy', ['staged', 'end-to-end']);
  t.is(
    s,
    'staged and end-to-end do not cross in the measured range; staged is better everywhere; ' +
      'the differences at 25% (1.0 points) and 100% (1.0 points) ' +
      'are within one standard deviation (not significant).',
  );
});

test('three arms give three pairs; a failed cell is skipped, single seeds are flagged', (t) => {
  const one = (arm: string, f: number, acc: number | undefined) =>
    trial({
      arm,
      trainFraction: f,
      seed: 1,
      trainExamples: EXAMPLES[f]!,
      ...(acc === undefined ? { status: 'failed' as const } : { metrics: { accuracy: acc } }),
    });
  const r = [
    one('a', 0.1, 0.5),
    one('a', 1, 0.9),
    one('b', 0.1, undefined),
    one('b', 1, 0.8),
    one('c', 0.1, 0.6),
    one('c', 1, 0.7),
  ];
  const s = crossingSentences(aggregate(r, 'accuracy'), 'accuracy', ['a', 'b', 'c']);
  t.is(s.length, 3);
  t.is(
    s[0],
    'a and b do not cross at the one fraction both completed (100%); a is better everywhere; ' +
      'one seed each, so there is no spread to judge the differences by.',
  );
  // Advantage of a: -0.1 at 100 examples, +0.2 at 1000: a third of the way in log space, 100 * 10^(1/3) = 215.
  t.is(
    s[1],
    'a overtakes c between 10% and 100% of the training data (about 220 examples); ' +
      'one seed each, so there is no spread to judge the differences by.',
  );
  t.is(
    s[2],
    'b and c do not cross at the one fraction both completed (100%); b is better everywhere; ' +
      'one seed each, so there is no spread to judge the differences by.',
  );
});

test('one training-set size: one sentence ranks the arms instead of a pair per sentence', (t) => {
  const one = (arm: string, seed: number, wer: number | undefined) =>
    trial({
      arm,
      trainFraction: 1,
      seed,
      trainExamples: 1000,
      ...(wer === undefined ? { status: 'failed' as const } : { metrics: { wer } }),
    });
  const r = [one('a', 1, 0.2), one('a', 2, 0.4), one('b', 1, 0.1), one('b', 2, 0.1), one('c', 1, undefined)];
  t.deepEqual(crossingSentences(aggregate(r, 'wer'), 'wer', ['a', 'b', 'c']), [
    'One training-set size only (100%, 1,000 examples), so no curves to cross; lowest first: ' +
      'b 10.0% ± 0.0% > a 30.0% ± 14.1% (no value: c).',
  ]);
  const single = crossingSentences(aggregate([one('a', 1, 0.2), one('b', 1, 0.1)], 'wer'), 'wer', ['a', 'b']);
  t.regex(single[0]!, /lowest first: b 10\.0% > a 20\.0%; one seed each, so there is no spread/);
});
