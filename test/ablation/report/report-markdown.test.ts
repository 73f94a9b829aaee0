import test from 'ava';
import { reportMarkdown } from '../../../src/ablation/report/report-markdown.js';
import { terminalTable } from '../../../src/ablation/report/terminal-table.js';
import { realisticTrials, trial } from '../../fixtures/ablation/trials.js';

/** The body rows of the table under `## <metric>`, split into cells. */
function tableRows(md: string, metric: string): string[][] {
  const section = md.split(/^## /m).find((s) => s.startsWith(`${metric} `))!;
  return section
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| training data'))
    .map((l) => l.slice(2, -2).split(' | '));
}

const two = (f: number, a: Record<string, number>, b: Record<string, number>, seed = 1) => [
  trial({ arm: 'staged', trainFraction: f, seed, metrics: a, primaryMetric: 'accuracy' }),
  trial({ arm: 'end-to-end', trainFraction: f, seed, metrics: b, primaryMetric: 'accuracy' }),
];

test('the best arm per row is bold, by the metric direction; ties mark all', (t) => {
  const results = [
    ...two(0.1, { accuracy: 0.8, wer: 0.2 }, { accuracy: 0.9, wer: 0.3 }),
    ...two(1, { accuracy: 0.5, wer: 0.1 }, { accuracy: 0.5, wer: 0.1 }),
  ];
  const md = reportMarkdown(results);
  t.deepEqual(tableRows(md, 'accuracy'), [
    ['10% (100 examples)', '80.0% (n=1)', '**90.0% (n=1)**'],
    ['100% (1,000 examples)', '**50.0% (n=1)**', '**50.0% (n=1)**'],
  ]);
  t.deepEqual(tableRows(md, 'wer'), [
    ['10% (100 examples)', '**20.0% (n=1)**', '30.0% (n=1)'],
    ['100% (1,000 examples)', '**10.0% (n=1)**', '**10.0% (n=1)**'],
  ]);
  t.regex(md, /^## accuracy \(higher is better\)$/m);
  t.regex(md, /^## wer \(lower is better\)$/m);
});

test('cells show mean ± std (n), failures counted; an all-failed cell says so and is never best', (t) => {
  const results = [
    ...[1, 2, 3].map((seed) =>
      trial({ arm: 'staged', trainFraction: 1, seed, metrics: { accuracy: [0.25, 0.5, 0.75][seed - 1]! } }),
    ),
    trial({ arm: 'staged', trainFraction: 1, seed: 4, status: 'failed', error: 'out of memory' }),
    ...[1, 2].map((seed) =>
      trial({ arm: 'end-to-end', trainFraction: 1, seed, status: 'failed', error: 'NaN loss | diverged\nat epoch 3' }),
    ),
  ];
  const md = reportMarkdown(results, { title: 'Ablation: tiny', command: 'concertina ablate tiny.json' });
  t.deepEqual(tableRows(md, 'accuracy'), [
    ['100% (1,000 examples)', '**50.0% ± 25.0% (n=3, 1 failed)**', 'failed (2)'],
  ]);
  t.true(md.startsWith('# Ablation: tiny\n'));
  t.true(md.includes('```sh\nconcertina ablate tiny.json\n```'));
  t.regex(md, /^## Failed trials \(3\)$/m);
  // A pipe or line break in an error must not break the table.
  t.true(md.includes('| end-to-end-f1-s1 | end-to-end | 100% | 1 | NaN loss \\| diverged at epoch 3 |'), md);
  t.regex(md, /6 trials took 6\.0 s of trial time in total \(median 1\.0 s per trial\)\./);
});

test(
  'default metrics: the primary one first, then output-stage metrics ' +
    'all completed trials have (not loss, n or stage metrics)',
  (t) => {
    const results = [
      trial({
        arm: 'a',
        trainFraction: 1,
        seed: 1,
        primaryMetric: 'wer',
        metrics: { wer: 0.2, ser: 0.3, accuracy: 0.9, loss: 1, n: 10, 'words.wer': 0.2, per: 0.1 },
      }),
      trial({
        arm: 'b',
        trainFraction: 1,
        seed: 1,
        primaryMetric: 'wer',
        metrics: { wer: 0.1, ser: 0.2, accuracy: 0.95, loss: 1, n: 10, 'words.wer': 0.1 },
      }),
    ];
    const md = reportMarkdown(results);
    t.deepEqual(
      [...md.matchAll(/^## (\S+) \(/gm)].map((m) => m[1]),
      ['wer', 'accuracy', 'ser'],
    );
    t.deepEqual(
      [...reportMarkdown(results, { metrics: ['words.wer'] }).matchAll(/^## (\S+) \(/gm)].map((m) => m[1]),
      ['words.wer'],
    );
  },
);

test('the realistic ablation: crossings stated per pair and per metric, images when asked', (t) => {
  const md = reportMarkdown(realisticTrials(), { images: true });
  t.true(
    md.includes('- end-to-end overtakes staged between 25% and 50% of the training data (about 830 examples).'),
    md,
  );
  t.true(md.includes('- staged and transfer do not cross in the measured range; transfer is better everywhere.'));
  t.true(md.includes('![accuracy against training examples](curves-accuracy.svg)'));
  t.is(md.match(/^- /gm)!.length, 6); // 3 pairs x 2 metrics
  t.notRegex(md, /NaN(%| ±| \(n)/); // the failed trial's error may say NaN; no statistic may
});

test('terminalTable marks the best per row with * and has no Markdown', (t) => {
  const text = terminalTable([...two(0.1, { wer: 0.2 }, { wer: 0.3 }), ...two(1, { wer: 0.1 }, { wer: 0.05 })], 'wer');
  const lines = text.split('\n');
  t.is(lines[0], 'wer (lower is better): mean ± std over seeds; * best per row');
  t.regex(lines[3]!, /^10% \(100 examples\)\s+20\.0% \(n=1\) \*\s+30\.0% \(n=1\)$/);
  t.regex(lines[4]!, /^100% \(1,000 examples\)\s+10\.0% \(n=1\)\s+5\.0% \(n=1\) \*$/);
  t.false(text.includes('**'));
});
