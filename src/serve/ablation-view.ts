import path from 'node:path';
import { aggregate, armsOf } from '../ablation/report/aggregate.js';
import { crossingSentences } from '../ablation/report/crossing-text.js';
import { learningCurveChart } from '../ablation/report/learning-curve-svg.js';
import { reportedMetrics } from '../ablation/report/metric-format.js';
import { reportMarkdown } from '../ablation/report/report-markdown.js';
import { readFinished } from '../ablation/run-ablation.js';
import { failedResult, type TrialResult } from '../ablation/trial-result.js';
import type { VegaLiteSpec } from '../charts/vega-lite-spec.js';
import type { RunStatus } from '../execute/run-folder.js';
import { markdownToHtml } from './html.js';
import { processAlive } from '../util/process-alive.js';
import { readJsonOr } from './read-json.js';
import type { AblationFile } from './run-index.js';
import type { RowStatus } from './run-row.js';

/** One trial as the ablation page lists it. */
export interface TrialCell {
  readonly id: string;
  readonly arm: string;
  readonly trainFraction: number;
  readonly seed: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: RowStatus | 'pending';
  /** The trial's run page path, when its folder exists. */
  readonly path: string | null;
  readonly value: number | null;
}

/** Everything the ablation page shows. */
export interface AblationView {
  readonly id: string;
  readonly spec: string;
  readonly command: string | null;
  readonly status: RowStatus;
  readonly metrics: readonly string[];
  readonly primary: string | null;
  /** Per metric: the learning-curve chart (the same spec as the static report's), and where the curves cross. */
  readonly charts: Readonly<Record<string, VegaLiteSpec>>;
  readonly crossings: Readonly<Record<string, readonly string[]>>;
  readonly reportHtml: string;
  readonly arms: readonly string[];
  readonly fractions: readonly number[];
  readonly trials: readonly TrialCell[];
  readonly progress: {
    readonly done: number;
    readonly failed: number;
    readonly running: number;
    readonly total: number;
  };
}

/** Reads an ablation folder (finished or not) for its page: results come from the trial folders as they finish. */
export function ablationView(dir: string, rel: string, a: AblationFile): AblationView {
  const results: TrialResult[] = [];
  const trials: TrialCell[] = [];
  let running = 0;
  for (const t of a.trials) {
    const trialDir = path.join(dir, 'trials', t.id);
    const status = readJsonOr<RunStatus>(trialDir, 'status.json');
    const done = readFinished(dir, t);
    let state: TrialCell['status'] = status ? status.state : 'pending';
    if (done) results.push(done);
    else if (status?.state === 'failed') results.push(failedResult(t, status.error ?? 'failed', trialDir));
    else if (status?.state === 'completed') state = 'incomplete';
    if (state === 'running' && !processAlive(status?.pid)) state = 'incomplete';
    if (state === 'running') running++;
    const primary = done?.metrics[done.primaryMetric];
    trials.push({
      id: t.id,
      arm: t.arm,
      trainFraction: t.trainFraction,
      seed: t.seed,
      params: t.params,
      status: state,
      path: status ? `${rel}/trials/${t.id}` : null,
      value: typeof primary === 'number' ? primary : null,
    });
  }
  const metrics = results.some((r) => r.status === 'completed') ? reportedMetrics(results) : [];
  const charts: Record<string, VegaLiteSpec> = {};
  const crossings: Record<string, string[]> = {};
  for (const metric of metrics) {
    charts[metric] = learningCurveChart(results, metric, { width: 760, height: 420 });
    crossings[metric] = crossingSentences(aggregate(results, metric), metric, armsOf(results));
  }
  const reported = readJsonOr(dir, 'report.json') !== undefined;
  const done = results.filter((r) => r.status === 'completed').length;
  return {
    id: a.id ?? rel,
    spec: a.spec?.name ?? '?',
    command: a.command ?? null,
    status: running ? 'running' : reported ? 'completed' : 'incomplete',
    metrics,
    primary: metrics[0] ?? null,
    charts,
    crossings,
    reportHtml: results.length ? markdownToHtml(reportMarkdown(results, { metrics })) : '',
    arms: [...new Set(a.trials.map((t) => t.arm))],
    fractions: [...new Set(a.trials.map((t) => t.trainFraction))].sort((x, y) => x - y),
    trials,
    progress: { done, failed: results.length - done, running, total: a.trials.length },
  };
}
