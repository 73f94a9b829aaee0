import { learningCurveSpec } from '../../charts/learning-curve-spec.js';
import { renderChartSvg } from '../../charts/render-chart.js';
import type { VegaLiteSpec } from '../../charts/vega-lite-spec.js';
import type { TrialResult } from '../trial-result.js';
import { aggregate, armsOf, fractionsOf } from './aggregate.js';
import { directionText, scaleOfCells } from './metric-format.js';

/** Size and title of a learning-curve plot. */
export interface CurveOptions {
  /** Default: `<metric> against training examples (higher is better)`. */
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * The learning curves of an ablation as a Vega-Lite spec (src/charts): what the static report renders and
 * what `concertina serve` embeds, so that the two never disagree.
 */
export function learningCurveChart(
  results: readonly TrialResult[],
  metric: string,
  options: CurveOptions = {},
): VegaLiteSpec {
  const cells = aggregate(results, metric);
  const arms = armsOf(results);
  const empty = arms.filter((arm) => !cells.some((c) => c.arm === arm && c.n > 0));
  const title = options.title ?? `${metric} against training examples (${directionText(metric)})`;
  const spec = learningCurveSpec(cells, {
    metric,
    arms,
    fractions: fractionsOf(results),
    percent: scaleOfCells(metric, cells) === 'percent',
    title,
    ...(options.width ? { width: options.width } : {}),
    ...(options.height ? { height: options.height } : {}),
  });
  if (!empty.length) return spec;
  const t = spec.title as { text: string; subtitle: string };
  return { ...spec, title: { ...t, subtitle: [t.subtitle, `no completed trials: ${empty.join(', ')}`] } };
}

/**
 * Learning curves as a self-contained SVG (the chart of `learningCurveChart`, rendered by vega): training examples
 * on a log x axis, the metric on y, one line per arm through the means over seeds, a band of mean ± std, a legend.
 * Missing and failed cells break a line rather than being bridged.
 */
export async function learningCurveSvg(
  results: readonly TrialResult[],
  metric: string,
  options: CurveOptions = {},
): Promise<string> {
  return renderChartSvg(learningCurveChart(results, metric, options));
}
