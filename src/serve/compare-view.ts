import path from 'node:path';
import { learningCurveChart } from '../ablation/report/learning-curve-svg.js';
import type { TrialResult } from '../ablation/trial-result.js';
import { epochCurveSpec, epochPoints, type EpochPoint } from '../charts/epoch-curve-spec.js';
import type { VegaLiteSpec } from '../charts/vega-lite-spec.js';
import { readEventDigest } from './read-events.js';
import { readJsonOr } from './read-json.js';
import { readFinished } from '../ablation/run-ablation.js';
import type { AblationFile } from './run-index.js';
import { flattenSpec, runRow, type Scalar } from './run-row.js';

/** Two or more runs or ablations side by side. */
export interface CompareView {
  readonly items: readonly { readonly path: string; readonly kind: 'run' | 'ablation'; readonly label: string }[];
  /** Every spec value by path, one column per item; `differs` marks the rows to highlight. */
  readonly params: readonly { readonly key: string; readonly values: readonly Scalar[]; readonly differs: boolean }[];
  /** Runs: per stage, the training curves overlaid (one colour per run). */
  readonly curves: Readonly<Record<string, VegaLiteSpec>>;
  /** Ablations: per metric, the learning curves of every ablation's arms in one chart. */
  readonly learningCurves: Readonly<Record<string, VegaLiteSpec>>;
  /** Final primary metrics of runs. */
  readonly metrics: readonly { readonly label: string; readonly metrics: Readonly<Record<string, number>> }[];
}

/** Compares folders (already resolved inside the runs folder): params, curves and metrics. */
export async function compareView(folders: readonly { dir: string; rel: string }[]): Promise<CompareView> {
  const items: { path: string; kind: 'run' | 'ablation'; label: string }[] = [];
  const specs: Record<string, Scalar>[] = [];
  const points: EpochPoint[] = [];
  const results: TrialResult[] = [];
  const metrics: { label: string; metrics: Record<string, number> }[] = [];
  for (const { dir, rel } of folders) {
    const ablation = readJsonOr<AblationFile>(dir, 'ablation.json');
    const label = rel;
    if (ablation?.trials) {
      items.push({ path: rel, kind: 'ablation', label });
      specs.push(flattenSpec(ablation.spec ?? {}));
      for (const t of ablation.trials) {
        const r = readFinished(dir, t);
        if (r) results.push({ ...r, arm: `${path.basename(rel)}: ${r.arm}` });
      }
      continue;
    }
    items.push({ path: rel, kind: 'run', label });
    specs.push(flattenSpec(readJsonOr(dir, 'spec.json') ?? {}));
    const digest = await readEventDigest(path.join(dir, 'events.jsonl'));
    points.push(...epochPoints(label, digest.epochs as never));
    metrics.push({ label, metrics: { ...runRow(dir, rel).metrics } });
  }
  const keys = [...new Set(specs.flatMap((s) => Object.keys(s)))].sort();
  const params = keys.map((key) => {
    const values = specs.map((s) => (key in s ? s[key]! : null));
    return { key, values, differs: new Set(values.map((v) => JSON.stringify(v))).size > 1 };
  });
  const curves: Record<string, VegaLiteSpec> = {};
  for (const stage of [...new Set(points.map((p) => p.stage))])
    curves[stage] = epochCurveSpec(
      points.filter((p) => p.stage === stage),
      { title: `${stage}: per epoch` },
    );
  const learningCurves: Record<string, VegaLiteSpec> = {};
  const done = results.filter((r) => r.status === 'completed');
  const shared = [...new Set(done.flatMap((r) => Object.keys(r.metrics)))].filter(
    (m) => !m.includes('.') && m !== 'loss' && done.every((r) => m in r.metrics),
  );
  for (const metric of shared) learningCurves[metric] = learningCurveChart(done, metric, { width: 760, height: 420 });
  return { items, params, curves, learningCurves, metrics };
}
