import test from 'ava';
import { aggregate, armsOf, fractionsOf } from '../../../src/ablation/report/aggregate.js';
import { trial } from '../../fixtures/ablation/trials.js';

// Values exact in binary, so that mean and standard deviation can be compared with t.is.
const results = [
  trial({ arm: 'staged', trainFraction: 0.5, seed: 1, trainExamples: 100, metrics: { accuracy: 0.25 } }),
  trial({ arm: 'staged', trainFraction: 0.5, seed: 2, trainExamples: 100, metrics: { accuracy: 0.5 } }),
  trial({ arm: 'staged', trainFraction: 0.5, seed: 3, trainExamples: 103, metrics: { accuracy: 0.75 } }),
  trial({
    arm: 'staged',
    trainFraction: 0.5,
    seed: 4,
    trainExamples: 999,
    status: 'failed',
    error: 'boom',
    metrics: { accuracy: 0 },
  }),
  trial({ arm: 'staged', trainFraction: 0.1, seed: 1, trainExamples: 20, metrics: { accuracy: 0.5 } }),
  trial({
    arm: 'end-to-end',
    trainFraction: 0.1,
    seed: 1,
    trainExamples: 20,
    status: 'failed',
    error: 'diverged',
    metrics: {},
  }),
  trial({
    arm: 'end-to-end',
    trainFraction: 0.1,
    seed: 2,
    trainExamples: 20,
    status: 'failed',
    error: 'diverged',
    metrics: {},
  }),
];

test(
  'mean, sample standard deviation (n - 1), min, max and mean examples per cell; ' + 'failed trials only counted',
  (t) => {
    const cells = aggregate(results, 'accuracy');
    const c = cells.find((x) => x.arm === 'staged' && x.trainFraction === 0.5)!;
    t.is(c.n, 3);
    t.is(c.failed, 1);
    t.is(c.mean, 0.5);
    t.is(c.std, 0.25); // sqrt((0.0625 + 0 + 0.0625) / 2)
    t.is(c.min, 0.25);
    t.is(c.max, 0.75);
    t.is(c.trainExamples, 101); // the failed trial's 999 is not averaged in
  },
);

test('one seed has standard deviation 0; a cell where every trial failed has n = 0 and no statistics', (t) => {
  const cells = aggregate(results, 'accuracy');
  const one = cells.find((x) => x.arm === 'staged' && x.trainFraction === 0.1)!;
  t.like(one, { n: 1, std: 0, mean: 0.5, min: 0.5, max: 0.5, failed: 0 });
  const failed = cells.find((x) => x.arm === 'end-to-end')!;
  t.is(failed.n, 0);
  t.is(failed.failed, 2);
  t.true(Number.isNaN(failed.mean));
  t.is(failed.trainExamples, 20);
});

test('cells come in arm order of first appearance, fractions ascending', (t) => {
  t.deepEqual(
    aggregate(results, 'accuracy').map((c) => `${c.arm}@${c.trainFraction}`),
    ['staged@0.1', 'staged@0.5', 'end-to-end@0.1'],
  );
  t.deepEqual(armsOf(results), ['staged', 'end-to-end']);
  t.deepEqual(fractionsOf(results), [0.1, 0.5]);
});

test('a metric a completed trial lacks is left out of n', (t) => {
  const cells = aggregate(
    [
      trial({ arm: 'a', trainFraction: 1, seed: 1, metrics: { wer: 0.5 } }),
      trial({ arm: 'a', trainFraction: 1, seed: 2, metrics: {} }),
    ],
    'wer',
  );
  t.like(cells[0], { n: 1, mean: 0.5, failed: 0 });
});

test('grid values that vary split an arm into series; values that do not vary do not', (t) => {
  const r = [0.01, 0.001].flatMap((lr) =>
    [1, 2].map((seed) =>
      trial({
        arm: 'staged',
        trainFraction: 1,
        seed,
        params: { 'training.optimizer.learningRate': lr, 'training.epochs': 5 },
        metrics: { accuracy: lr * 10 + seed / 100 },
      }),
    ),
  );
  t.deepEqual(armsOf(r), ['staged (learningRate=0.01)', 'staged (learningRate=0.001)']);
  const cells = aggregate(r, 'accuracy');
  t.is(cells.length, 2);
  t.is(cells[0]!.n, 2);
  t.true(Math.abs(cells[0]!.mean - 0.115) < 1e-12);
});
