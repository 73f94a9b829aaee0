import { FONT, colourOf } from './palette.js';
import { VEGA_LITE_SCHEMA, chartConfig, type VegaLiteSpec } from './vega-lite-spec.js';

/** One arm at one training fraction: the statistics over seeds (the ablation report's cell, structurally). */
export interface CurveCell {
  readonly arm: string;
  readonly trainFraction: number;
  readonly n: number;
  readonly mean: number;
  readonly std: number;
  readonly trainExamples: number;
}

/** What a learning-curve chart shows besides its cells. */
export interface LearningCurveOptions {
  readonly metric: string;
  /** Every arm in order (arms without results still get their colour and legend entry). */
  readonly arms: readonly string[];
  /** The training fractions in order: a missing cell breaks its arm's line. */
  readonly fractions: readonly number[];
  /** Proportions are shown as percentages. */
  readonly percent: boolean;
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
}

/** A plotted point: a cell plus the segment it belongs to and the ends of its band. */
interface CurveRow extends CurveCell {
  readonly segment: string;
  readonly lo: number;
  readonly hi: number;
  readonly spread: boolean;
}

/**
 * Learning curves as a Vega-Lite spec: training examples on a log x axis, one line per arm through the
 * means over seeds, a band of mean ± std where there are two seeds or more. The static report renders
 * it to SVG and PNG, the dashboard embeds it: the two draw the same chart.
 */
export function learningCurveSpec(cells: readonly CurveCell[], o: LearningCurveOptions): VegaLiteSpec {
  const rows = curveRows(cells, o.fractions);
  const seeds = rows.map((r) => r.n);
  const maxSeeds = Math.max(0, ...seeds);
  const bands = maxSeeds > 1 ? 'bands: mean ± 1 standard deviation' : 'no bands: one seed per point';
  const subtitle = rows.length
    ? `lines: mean over seeds (n = ${rangeText(seeds)}); ${bands}`
    : 'no completed trials to plot';
  const y = {
    type: 'quantitative',
    title: o.percent ? `${o.metric} (%)` : o.metric,
    scale: { zero: false, ...(o.percent ? { clamp: true } : {}) },
    axis: o.percent ? { format: '.0%' } : {},
  };
  const x = {
    field: 'trainExamples',
    type: 'quantitative',
    title: 'training examples (log scale)',
    scale: { type: 'log', nice: false, padding: 12 },
    axis: { format: '~s' },
  };
  const colour = {
    field: 'arm',
    type: 'nominal',
    title: 'arm',
    scale: { domain: [...o.arms], range: o.arms.map((_, i) => colourOf(i)) },
    legend: { orient: 'right', symbolType: 'stroke', symbolStrokeWidth: 2.2, symbolOpacity: 1 },
  };
  const tooltip = [
    { field: 'arm', type: 'nominal' },
    { field: 'trainFraction', type: 'quantitative', title: 'training fraction', format: '.3~g' },
    { field: 'trainExamples', type: 'quantitative', title: 'examples', format: '.0f' },
    { field: 'mean', type: 'quantitative', format: o.percent ? '.1%' : '.4~g' },
    { field: 'std', type: 'quantitative', format: o.percent ? '.1%' : '.4~g' },
    { field: 'n', type: 'quantitative', title: 'seeds' },
  ];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: o.title, subtitle },
    width: o.width ?? 720,
    height: o.height ?? 440,
    autosize: { type: 'fit', contains: 'padding' },
    config: chartConfig(FONT),
    data: { name: 'cells', values: rows },
    encoding: { x, color: colour },
    layer: [
      {
        transform: [{ filter: 'datum.spread' }],
        mark: { type: 'area', opacity: 0.15 },
        encoding: { y: { ...y, field: 'lo' }, y2: { field: 'hi' }, detail: { field: 'segment' } },
      },
      {
        mark: { type: 'line', strokeWidth: 2.2 },
        encoding: { y: { ...y, field: 'mean' }, detail: { field: 'segment' } },
      },
      {
        mark: { type: 'point', filled: true, size: 50 },
        encoding: { y: { ...y, field: 'mean' }, tooltip },
      },
    ],
  };
}

/** The plotted cells, each tagged with its arm's segment: a missing or empty cell starts a new segment. */
function curveRows(cells: readonly CurveCell[], fractions: readonly number[]): CurveRow[] {
  const arms = [...new Set(cells.map((c) => c.arm))];
  const rows: CurveRow[] = [];
  for (const arm of arms) {
    let segment = 0;
    let open = false;
    for (const f of fractions) {
      const c = cells.find((x) => x.arm === arm && x.trainFraction === f);
      if (!c || c.n === 0 || !(c.trainExamples > 0) || !Number.isFinite(c.mean)) {
        if (open) segment++;
        open = false;
        continue;
      }
      open = true;
      const spread = c.n > 1 && c.std > 0;
      const sd = spread ? c.std : 0;
      rows.push({
        arm: c.arm,
        trainFraction: c.trainFraction,
        n: c.n,
        mean: c.mean,
        std: c.n > 1 ? c.std : 0,
        trainExamples: c.trainExamples,
        segment: `${arm} #${segment}`,
        lo: c.mean - sd,
        hi: c.mean + sd,
        spread,
      });
    }
  }
  return rows;
}

function rangeText(values: readonly number[]): string {
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  return lo === hi ? String(lo) : `${lo} to ${hi}`;
}
