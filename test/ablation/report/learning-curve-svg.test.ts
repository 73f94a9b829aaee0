import test from 'ava';
import { formatCount, linearTicks, logTicks } from '../../../src/ablation/report/axis-ticks.js';
import { learningCurveSvg } from '../../../src/ablation/report/learning-curve-svg.js';
import type { TrialResult } from '../../../src/ablation/trial-result.js';
import { realisticTrials, trial } from '../../fixtures/ablation/trials.js';
import { allElements, allText, parseXml, type XmlElement } from './xml.js';

function plot(results: readonly TrialResult[], metric = 'accuracy') {
  const svg = learningCurveSvg(results, metric);
  const root = parseXml(svg);
  const els = allElements(root);
  const cls = (c: string) => els.filter((e) => e.attrs.class === c);
  const texts = allText(root);
  return { svg, root, els, cls, texts, ticks: (axis: 'x' | 'y') => cls(`${axis}-tick`).map((e) => e.text) };
}

/** The y of a marker's centre, whatever its shape. */
function markerY(e: XmlElement): number {
  if (e.name === 'circle') return Number(e.attrs.cy);
  if (e.name === 'rect') return Number(e.attrs.y) + Number(e.attrs.height) / 2;
  const ys = e.attrs.points!.split(' ').map((p) => Number(p.split(',')[1]));
  return (Math.min(...ys) + Math.max(...ys)) / 2;
}

test('a full ablation: one curve, band and 5 markers per arm, arm names, log ticks, percent axis', (t) => {
  const p = plot(realisticTrials());
  t.is(p.root.name, 'svg');
  t.is(p.root.attrs.width, '720');
  t.is(p.root.attrs.height, '440');
  t.is(p.cls('curve').length, 3);
  t.is(p.cls('band').length, 3);
  t.is(
    p.els
      .filter((e) => e.attrs.class === 'series')
      .flatMap((g) => allElements(g))
      .filter((e) => e.attrs.class === 'marker').length,
    15,
  );
  for (const arm of ['staged', 'end-to-end', 'transfer']) t.true(p.texts.includes(arm), arm);
  t.deepEqual(p.ticks('x'), ['200', '500', '1000', '2000']);
  t.true(
    p.ticks('y').every((s) => /^\d+%$/.test(s)),
    p.ticks('y').join(),
  );
  t.true(p.texts.includes('accuracy against training examples (higher is better)'));
  t.true(p.texts.includes('training examples (log scale)'));
  t.true(p.texts.includes('accuracy (%)'));
  t.false(/<script|<image|@import|url\(|href=/.test(p.svg), 'self-contained');
  const colours = new Set(p.cls('curve').map((e) => e.attrs.stroke));
  t.is(colours.size, 3);
});

test('a lower-is-better metric keeps its natural axis and says so in the title', (t) => {
  const p = plot(realisticTrials(), 'wer');
  t.true(p.texts.includes('wer against training examples (lower is better)'));
  const ys = p.ticks('y').map((s) => Number(s.replace('%', '')));
  t.true(ys[0]! < ys.at(-1)!, 'the axis grows upwards');
});

test('a single fraction: no lines, one marker per arm, error bars for the spread', (t) => {
  const r = ['staged', 'end-to-end'].flatMap((arm, i) =>
    [1, 2, 3].map((seed) => trial({ arm, trainFraction: 1, seed, metrics: { accuracy: 0.5 + i * 0.2 + seed * 0.01 } })),
  );
  const p = plot(r);
  t.is(p.cls('curve').length, 0);
  t.is(p.cls('error-bar').length, 2);
  t.is(
    p.els
      .filter((e) => e.attrs.class === 'series')
      .flatMap((g) => allElements(g))
      .filter((e) => e.attrs.class === 'marker').length,
    2,
  );
  t.true(p.ticks('x').includes('1000'));
});

test('one seed: no bands, and the subtitle says so', (t) => {
  const r = [0.1, 1].map((f) => trial({ arm: 'staged', trainFraction: f, seed: 1, metrics: { accuracy: f } }));
  const p = plot(r);
  t.is(p.cls('curve').length, 1);
  t.is(p.cls('band').length + p.cls('error-bar').length, 0);
  t.true(p.texts.some((s) => s.includes('no bands: one seed per point')));
});

test('a failed arm appears greyed in the legend only; a missing cell breaks the line', (t) => {
  const r = [
    ...[0.1, 0.3, 1].map((f) =>
      trial({
        arm: 'staged',
        trainFraction: f,
        seed: 1,
        metrics: { accuracy: f },
        ...(f === 0.3 ? { status: 'failed' as const } : {}),
      }),
    ),
    ...[0.1, 1].map((f) =>
      trial({ arm: 'end-to-end-learned', trainFraction: f, seed: 1, status: 'failed', error: 'x' }),
    ),
  ];
  const p = plot(r);
  t.is(p.cls('curve').length, 0, 'staged has no two neighbouring cells');
  t.is(p.els.filter((e) => e.attrs['data-arm'] === 'end-to-end-learned').flatMap((g) => g.children).length, 0);
  t.true(p.texts.includes('no completed trials'));
  t.true(p.texts.includes('end-to-end-learned'));
});

test('values at 0 and 1 stay inside the plot area', (t) => {
  const r = ['a', 'b'].flatMap((arm, i) =>
    [0.1, 1].flatMap((f) =>
      [1, 2].map((seed) =>
        trial({ arm, trainFraction: f, seed, metrics: { accuracy: i === 0 ? (f === 1 ? 1 : 0) : 0.5 + seed * 0.1 } }),
      ),
    ),
  );
  const p = plot(r);
  const area = p.cls('plot-area')[0]!;
  const [top, bottom] = [Number(area.attrs.y), Number(area.attrs.y) + Number(area.attrs.height)];
  const ys = p.cls('marker').map(markerY);
  t.true(
    ys.every((y) => y >= top - 0.01 && y <= bottom + 0.01),
    ys.join(),
  );
  t.deepEqual([p.ticks('y')[0], p.ticks('y').at(-1)], ['0%', '100%']);
});

test('no completed trial at all, and names that need escaping, still give well-formed SVG', (t) => {
  const p = plot([trial({ arm: 'a<&>"b', trainFraction: 1, seed: 1, status: 'failed' })]);
  t.true(p.texts.includes('no completed trials to plot'));
  t.true(p.svg.includes('a&lt;&amp;&gt;&quot;b'));
});

test('log ticks at 1-2-5 steps, sparser for wide ranges, denser for narrow ones', (t) => {
  t.deepEqual(logTicks(8, 1200), [10, 20, 50, 100, 200, 500, 1000]);
  t.deepEqual(logTicks(3, 2e7), [10, 100, 1000, 10000, 100000, 1e6, 1e7]);
  t.deepEqual(logTicks(410, 900), [500, 600, 700, 800, 900]);
  t.deepEqual([1000, 20000, 1.5e6].map(formatCount), ['1000', '20k', '1.5M']);
  t.deepEqual(linearTicks(0.23, 0.97, 5).ticks, [0.2, 0.4, 0.6, 0.8, 1]);
});

test('the XML checker itself rejects what is not well formed', (t) => {
  for (const bad of ['<svg><g></svg>', '<svg>a & b</svg>', '<svg x="1" x="2"/>', '<svg x=1/>', '<svg/><svg/>', '<svg>'])
    t.throws(() => parseXml(bad), undefined, bad);
  t.is(parseXml('<svg a="&amp;"><g/>x</svg>').children.length, 1);
});
