import { statSync } from 'node:fs';
import path from 'node:path';
import type { RunStatus } from '../execute/run-folder.js';
import type { RunSummary } from '../execute/run-pipeline.js';
import { processAlive } from '../util/process-alive.js';
import { readJsonOr } from './read-json.js';

/** What the dashboard calls a folder's state: the run's own, or `incomplete` for a stale or half-written folder. */
export type RowStatus = 'running' | 'completed' | 'failed' | 'interrupted' | 'incomplete';

export type Scalar = string | number | boolean | null;

/** One line of the runs table: a run, an ablation trial or an ablation. */
export interface RunRow {
  /** Relative to the runs folder, `/`-separated: what page URLs name. */
  readonly path: string;
  readonly kind: 'run' | 'trial' | 'ablation';
  readonly id: string;
  readonly spec: string;
  readonly mode: string;
  readonly arm: string;
  readonly trainFraction: number | null;
  readonly seed: number | null;
  readonly status: RowStatus;
  readonly startedAt: string | null;
  readonly durationMs: number | null;
  readonly primary: { readonly metric: string; readonly value: number } | null;
  /** The primary stage's final metrics. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Scalar spec values by path (`training.learningRate`); the index keeps those that differ between rows. */
  readonly params: Readonly<Record<string, Scalar>>;
  /** The ablation a trial belongs to (its path). */
  readonly ablation: string | null;
  /** Why a folder is incomplete, or the run's error. */
  readonly problem?: string;
  /** Ablations: trials finished and in all. */
  readonly progress?: { readonly done: number; readonly total: number; readonly failed: number };
}

/** Spec fields that are names or definitions rather than settings. */
const NOT_PARAMS = new Set(['name', 'description', '$schema', 'ablation']);

/** Scalar leaves of a spec by dotted path; stages (and other lists of objects with ids) keyed by id. */
export function flattenSpec(value: unknown, prefix = '', out: Record<string, Scalar> = {}): Record<string, Scalar> {
  if (value === null || typeof value !== 'object') {
    if (prefix) out[prefix] = value as Scalar;
    return out;
  }
  if (Array.isArray(value)) {
    const keyed = value.every((v) => v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string');
    if (!keyed) {
      out[prefix] = JSON.stringify(value);
      return out;
    }
    for (const v of value) flattenSpec(v, `${prefix}.${(v as { id: string }).id}`, out);
    return out;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!prefix && NOT_PARAMS.has(k)) continue;
    if (prefix && k === 'id') continue;
    flattenSpec(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/**
 * A cheap signature of a run folder's state: status.json's modification time, as a run writes it first (after
 * nothing else) and last (after metrics.json); for a folder without it, the folder's own time (which changes when
 * status.json appears).
 */
export function runSignature(dir: string): string {
  const status = mtimeOf(path.join(dir, 'status.json'));
  return status ? String(status) : `folder ${mtimeOf(dir)}`;
}

/** A file's modification time, 0 when it does not exist (no exception: the index stats thousands of files). */
export function mtimeOf(file: string): number {
  try {
    return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  } catch {
    return 0;
  }
}

/** Extra columns of an ablation trial (from ablation.json). */
export interface TrialInfo {
  readonly ablation: string;
  readonly arm: string;
  readonly mode: string;
  readonly trainFraction: number;
  readonly seed: number;
}

/** The row of one run folder; never throws (a half-written folder is `incomplete`). */
export function runRow(dir: string, rel: string, trial?: TrialInfo): RunRow {
  const status = readJsonOr<RunStatus>(dir, 'status.json');
  const spec = readJsonOr<Record<string, unknown>>(dir, 'spec.json');
  const summary = readJsonOr<RunSummary>(dir, 'metrics.json');
  let state: RowStatus = status?.state ?? 'incomplete';
  let problem: string | undefined = status?.error;
  if (!status) problem = 'no readable status.json';
  else if (state === 'running' && !processAlive(status.pid)) {
    state = 'incomplete';
    problem = `status says running, but process ${status.pid} is gone`;
  } else if (state === 'completed' && !summary) {
    state = 'incomplete';
    problem = 'completed, but metrics.json is missing or unreadable';
  }
  const started = status?.startedAt ? Date.parse(status.startedAt) : NaN;
  const ended = status?.endedAt ? Date.parse(status.endedAt) : state === 'running' ? Date.now() : NaN;
  const duration = summary?.durationMs ?? (Number.isFinite(ended - started) ? ended - started : null);
  const primary = summary?.primary ? { metric: summary.primary.metric, value: summary.primary.value } : null;
  const stageMetrics = summary?.primary ? (summary.metrics[summary.primary.stageId] ?? {}) : {};
  const metrics = Object.fromEntries(Object.entries(stageMetrics).filter(([k]) => k !== 'n'));
  const training = (spec?.training ?? {}) as { seed?: number };
  const dataset = (spec?.dataset ?? {}) as { trainFraction?: number };
  return {
    path: rel,
    kind: trial ? 'trial' : 'run',
    id: path.basename(dir),
    spec: typeof spec?.name === 'string' ? spec.name : (summary?.pipeline ?? '?'),
    mode: trial?.mode ?? (typeof spec?.mode === 'string' ? spec.mode : (summary?.mode ?? '')),
    arm: trial?.arm ?? '',
    trainFraction: trial?.trainFraction ?? dataset.trainFraction ?? null,
    seed: trial?.seed ?? summary?.seed ?? training.seed ?? null,
    status: state,
    startedAt: status?.startedAt ?? null,
    durationMs: duration,
    primary,
    metrics,
    params: spec ? flattenSpec(spec) : {},
    ablation: trial?.ablation ?? null,
    ...(problem ? { problem } : {}),
  };
}
