import test from 'ava';
import { expandTrials } from '../../src/ablation/trial.js';
import { tabularSpec } from '../helpers/specs.js';

test('the grid expands into arms x fractions x seeds x grid values, small fractions first', (t) => {
  const spec = tabularSpec({
    ablation: {
      modes: ['staged', 'end-to-end'],
      trainFractions: [1, 0.1],
      seeds: [1, 2],
      grid: { 'training.optimizer.learningRate': [0.001, 0.01] },
    },
  });
  const trials = expandTrials(spec);
  t.is(trials.length, 2 * 2 * 2 * 2);
  t.is(trials[0]!.trainFraction, 0.1);
  t.deepEqual(trials[0]!.set, {
    mode: 'staged',
    'dataset.trainFraction': 0.1,
    'training.seed': 1,
    'training.optimizer.learningRate': 0.001,
  });
  t.is(trials[0]!.id, 'staged__f0.1__s1__learningRate=0.001');
  t.is(new Set(trials.map((x) => x.id)).size, trials.length);
});

test('arms carry their own settings; the command line can narrow the grid', (t) => {
  const spec = tabularSpec({
    ablation: {
      arms: [
        { name: 'plain', set: {} },
        { name: 'wide', set: { 'stages.classifier.params.hidden': [64] } },
      ],
      trainFractions: [0.5, 1],
      seeds: [1, 2, 3],
    },
  });
  const all = expandTrials(spec);
  t.is(all.length, 12);
  t.deepEqual(all.find((x) => x.arm === 'wide')!.set['stages.classifier.params.hidden'], [64]);
  const narrowed = expandTrials(spec, { arms: ['wide'], seeds: [7], trainFractions: [1] });
  t.deepEqual(
    narrowed.map((x) => x.id),
    ['wide__f1__s7'],
  );
});
