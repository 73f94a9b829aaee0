import type { TrialResult } from '../trial-result.js';
import { aggregate, armsOf, fractionsOf, type CellStats } from './aggregate.js';
import { comparePair, type PairComparison } from './crossings.js';
import { directionText, reportedMetrics } from './metric-format.js';
import { roundNumbers } from '../../core/metric-direction.js';

/** The content of report.json: what `concertina compare` reads back. */
export interface ReportJson {
  readonly schemaVersion: 1;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly metrics: readonly string[];
  readonly arms: readonly string[];
  readonly trainFractions: readonly number[];
  /** Per reported metric: its direction, the cells (NaN statistics appear as null) and every pair of arms compared. */
  readonly summary: Readonly<
    Record<
      string,
      { readonly direction: string; readonly cells: readonly CellStats[]; readonly pairs: readonly PairComparison[] }
    >
  >;
  readonly trials: readonly TrialResult[];
}

/** report.json: metadata (spec name, command, dates...), the summary per metric, and every trial. */
export function reportJson(
  results: readonly TrialResult[],
  meta: Readonly<Record<string, unknown>> = {},
  metrics?: readonly string[],
): string {
  const arms = armsOf(results);
  const chosen = reportedMetrics(results, metrics);
  const summary: Record<string, ReportJson['summary'][string]> = {};
  for (const metric of chosen) {
    const cells = aggregate(results, metric);
    const pairs: PairComparison[] = [];
    for (let i = 0; i < arms.length; i++)
      for (let j = i + 1; j < arms.length; j++) pairs.push(comparePair(cells, metric, arms[i]!, arms[j]!));
    summary[metric] = { direction: directionText(metric), cells, pairs };
  }
  const report: ReportJson = {
    schemaVersion: 1,
    meta,
    metrics: chosen,
    arms,
    trainFractions: fractionsOf(results),
    summary,
    trials: results,
  };
  return JSON.stringify(report, roundNumbers, 2) + '\n';
}
