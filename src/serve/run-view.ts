import path from 'node:path';
import { epochCurveSpec, epochPoints, type EpochPoint } from '../charts/epoch-curve-spec.js';
import type { VegaLiteSpec } from '../charts/vega-lite-spec.js';
import { planSvg, type PlanJson } from './plan-svg.js';
import { readEventDigest } from './read-events.js';
import { readJsonOr } from './read-json.js';
import { runRow, type RunRow } from './run-row.js';

/** Everything the run page shows. */
export interface RunView {
  readonly row: RunRow;
  readonly spec: unknown;
  readonly env: unknown;
  readonly data: unknown;
  readonly summary: unknown;
  /** The pipeline graph as SVG (from plan.json), or why there is none. */
  readonly planSvg: string | null;
  readonly planProblem?: string;
  /** Per-stage training curves: the points and the chart spec (src/charts) they fill. */
  readonly curves: Readonly<Record<string, { readonly points: readonly EpochPoint[]; readonly spec: VegaLiteSpec }>>;
  /** The chart spec for a stage that has no epochs yet (the page fills it in when they come). */
  readonly emptyCurve: VegaLiteSpec;
  readonly events: readonly Record<string, unknown>[];
  /** Bytes of events.jsonl read: where the live stream continues. */
  readonly eventsOffset: number;
  readonly malformedEvents: number;
  readonly dvc: boolean;
}

/** Reads a run folder for its page; a half-written folder gives what it has (the row says `incomplete`). */
export async function runView(dir: string, rel: string): Promise<RunView> {
  const parts = rel.split('/');
  const trialOf = parts.length === 3 && parts[1] === 'trials' ? parts[0]! : undefined;
  const row = runRow(dir, rel);
  const digest = await readEventDigest(path.join(dir, 'events.jsonl'));
  const points = epochPoints(row.id, digest.epochs as never);
  const curves: Record<string, { points: EpochPoint[]; spec: VegaLiteSpec }> = {};
  for (const stage of [...new Set(points.map((p) => p.stage))]) {
    const mine = points.filter((p) => p.stage === stage);
    curves[stage] = { points: mine, spec: epochCurveSpec(mine, { title: `${stage}: per epoch` }) };
  }
  const plan = readJsonOr<PlanJson>(dir, 'plan.json');
  let svg: string | null = null;
  let planProblem: string | undefined;
  try {
    svg = plan ? planSvg(plan) : null;
    if (!plan) planProblem = 'no readable plan.json in this folder (written by concertina since the dashboard)';
  } catch (err) {
    planProblem = `plan.json could not be drawn: ${(err as Error).message}`;
  }
  return {
    row: trialOf ? { ...row, kind: 'trial', ablation: trialOf } : row,
    spec: readJsonOr(dir, 'spec.json') ?? null,
    env: readJsonOr(dir, 'env.json') ?? null,
    data: readJsonOr(dir, 'data.json') ?? null,
    summary: readJsonOr(dir, 'metrics.json') ?? null,
    planSvg: svg,
    ...(planProblem ? { planProblem } : {}),
    curves,
    emptyCurve: epochCurveSpec([], { title: '' }),
    events: digest.recent,
    eventsOffset: digest.offset,
    malformedEvents: digest.malformed,
    dvc: await exists(path.join(dir, 'dvc.yaml')),
  };
}

async function exists(file: string): Promise<boolean> {
  const { access } = await import('node:fs/promises');
  return access(file).then(
    () => true,
    () => false,
  );
}
