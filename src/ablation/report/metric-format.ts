import { higherIsBetter } from '../../core/metric-direction.js';
import type { TrialResult } from '../trial-result.js';
import type { CellStats } from './aggregate.js';

/** How a metric's numbers are shown: proportions as percentages, anything else as it is. */
export type MetricScale = 'percent' | 'plain';

// Same names as formatMetric in src/cli/format-table.ts, decided once per table rather than per value
// so that a column never mixes 95.0% with 1.020.
const PROPORTION = /accuracy|wer|per|ser|rate|f1/i;

/** Percent when the metric is a proportion and every value lies in [0, 1]. */
export function metricScale(metric: string, values: readonly number[]): MetricScale {
  return PROPORTION.test(metric) && values.every((v) => !Number.isFinite(v) || (v >= 0 && v <= 1))
    ? 'percent'
    : 'plain';
}

/** The scale of a metric over the statistics of its cells (means, min, max, mean ± std). */
export function scaleOfCells(metric: string, cells: readonly CellStats[]): MetricScale {
  return metricScale(
    metric,
    cells.filter((c) => c.n > 0).flatMap((c) => [c.min, c.max]),
  );
}

/** A value: `85.3%` or `0.8123`. */
export function formatValue(v: number, scale: MetricScale): string {
  if (!Number.isFinite(v)) return '-';
  if (scale === 'percent') return `${(v * 100).toFixed(1)}%`;
  if (v === 0) return '0';
  return Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4);
}

/** A difference of two values: `+2.3 points` for percentages, `-0.0123` otherwise. */
export function formatDifference(d: number, scale: MetricScale, signed = true): string {
  const sign = signed && d > 0 ? '+' : '';
  if (scale === 'percent') return `${sign}${(d * 100).toFixed(1)} points`;
  return `${sign}${formatValue(d, scale)}`;
}

/** `mean ± std (n=3)`, with failed trials counted, or `failed (3)` when nothing completed. */
export function formatCell(c: CellStats | undefined, scale: MetricScale): string {
  if (!c) return '-';
  const failed = c.failed ? `${c.failed} failed` : '';
  if (c.n === 0) return failed ? `failed (${c.failed})` : 'no value';
  const spread = c.n > 1 ? ` ± ${formatValue(c.std, scale)}` : '';
  return `${formatValue(c.mean, scale)}${spread} (n=${c.n}${failed ? `, ${failed}` : ''})`;
}

/** A training fraction as a percentage: 0.05 -> `5%`, 0.025 -> `2.5%`. */
export function formatFraction(f: number): string {
  return `${Number((f * 100).toPrecision(3))}%`;
}

/** An example count for prose: exact below 100, two significant digits above (`about 540`). */
export function formatExamples(x: number): string {
  if (x < 100) return String(Math.round(x));
  return Number(x.toPrecision(2)).toLocaleString('en-US');
}

/** `higher is better` or `lower is better`. */
export function directionText(metric: string): string {
  return higherIsBetter(metric) ? 'higher is better' : 'lower is better';
}

/** The primary metric of an ablation: the one most trials name. */
export function primaryMetricOf(results: readonly TrialResult[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.primaryMetric, (counts.get(r.primaryMetric) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * The metrics a report tabulates: the requested ones, else the primary metric and every other output-stage
 * metric that all completed trials report. Stage-qualified metrics (`phonemes.per`) and the loss stay in
 * the CSV and JSON: the loss of a staged chain and of an end-to-end network are not the same quantity.
 */
export function reportedMetrics(results: readonly TrialResult[], requested?: readonly string[]): string[] {
  if (requested?.length) return [...requested];
  const primary = primaryMetricOf(results);
  const done = results.filter((r) => r.status === 'completed');
  const shared = done.length
    ? Object.keys(done[0]!.metrics).filter((k) => done.every((r) => Number.isFinite(r.metrics[k])))
    : [];
  const others = shared.filter((k) => !k.includes('.') && k !== 'n' && k !== 'loss' && k !== primary).sort();
  return primary !== undefined ? [primary, ...others] : others;
}

/** The base name of a metric's plot files: `curves-accuracy`, `curves-phonemes.per`. */
export function curveBaseName(metric: string): string {
  return `curves-${metric.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
}

/** A duration for people: `850 ms`, `12.3 s`, `4 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${p(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${p(Math.floor((s % 3600) / 60))} min`;
}
