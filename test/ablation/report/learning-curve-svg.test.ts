import test from 'ava';
import { learningCurveChart, learningCurveSvg } from '../../../src/ablation/report/learning-curve-svg.js';
import type { TrialResult } from '../../../src/ablation/trial-result.js';
import { realisticTrials, trial } from '../../fixtures/ablation/trials.js';
import { allElements, allText, parseXml } from './xml.js';

interface Row {
  arm: string;
  segment: string;
  spread: boolean;
  mean: number;
}

/** The chart's rows and its rendered SVG, parsed. */
async function plot(results: readonly TrialResult[], metric = 'accuracy') {
  const spec = learningCurveChart(results, metric);
  const rows = (spec.data as { values: Row[] }).values;
  const svg = await learningCurveSvg(results, metric);
  const root = parseXml(svg);
  const els = allElements(root);
  const marks = (kind: string) =>
    els.filter((e) => e.attrs.class?.startsWith(`mark-${kind} role-mark`)).flatMap((g) => g.children);
  return { spec, rows, svg, root, texts: allText(root), marks };
}

test('a full ablation: one line, band and 5 points per arm, arm names, percent axis, log x', async (t) => {
  const p = await plot(realisticTrials());
  t.is(p.root.name, 'svg');
  t.deepEqual([p.root.attrs.width, p.root.attrs.height], ['720', '440']);
  t.is(p.marks('line').length, 3);
  t.is(p.marks('area').length, 3);
  t.is(p.rows.length, 15);
  for (const arm of ['staged', 'end-to-end', 'transfer']) t.true(p.texts.includes(arm), arm);
  t.true(p.texts.includes('accuracy against training examples (higher is better)'));
  t.true(p.texts.includes('training examples (log scale)'));
  t.true(p.texts.includes('accuracy (%)'));
  t.true(
    p.texts.some((s) => /^\d+%$/.test(s)),
    'percent ticks',
  );
  t.false(/<script|<image|@import|url\(|href=/.test(p.svg), 'self-contained');
  const colours = new Set(p.marks('line').map((e) => e.attrs.stroke));
  t.is(colours.size, 3);
});

test('a lower-is-better metric says so in the title', async (t) => {
  const p = await plot(realisticTrials(), 'wer');
  t.true(p.texts.includes('wer against training examples (lower is better)'));
});

test('one seed: no bands, and the subtitle says so', async (t) => {
  const r = [0.1, 1].map((f) => trial({ arm: 'staged', trainFraction: f, seed: 1, metrics: { accuracy: f } }));
  const p = await plot(r);
  t.is(p.marks('line').length, 1);
  t.is(p.marks('area').length, 0);
  t.true(p.texts.some((s) => s.includes('no bands: one seed per point')));
});

test('a failed arm is named in the subtitle; a missing cell breaks the line into segments', async (t) => {
  const r = [
    ...[0.1, 0.3, 1, 3].map((f) =>
      trial({
        arm: 'staged',
        trainFraction: f,
        seed: 1,
        metrics: { accuracy: f / 3 },
        ...(f === 0.3 ? { status: 'failed' as const } : {}),
      }),
    ),
    ...[0.1, 1].map((f) =>
      trial({ arm: 'end-to-end-learned', trainFraction: f, seed: 1, status: 'failed', error: 'x' }),
    ),
  ];
  const p = await plot(r);
  t.deepEqual(
    p.rows.map((row) => row.segment),
    ['staged #0', 'staged #1', 'staged #1'],
  );
  t.is(p.marks('line').length, 2, 'one line per segment');
  t.true(p.texts.some((s) => s.includes('no completed trials: end-to-end-learned')));
  t.true(p.texts.includes('end-to-end-learned'), 'still in the legend');
});

test('no completed trial at all, and names that need escaping, still give well-formed SVG', async (t) => {
  const p = await plot([trial({ arm: 'a<&>"b', trainFraction: 1, seed: 1, status: 'failed' })]);
  t.true(p.texts.includes('no completed trials to plot'));
  t.true(p.svg.includes('a&lt;&amp;&gt;'));
});

test('the XML checker itself rejects what is not well formed', (t) => {
  for (const bad of ['<svg><g></svg>', '<svg>a & b</svg>', '<svg x="1" x="2"/>', '<svg x=1/>', '<svg/><svg/>', '<svg>'])
    t.throws(() => parseXml(bad), undefined, bad);
  t.is(parseXml('<svg a="&amp;"><g/>x</svg>').children.length, 1);
});
