import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../../errors/pipeline-error.js';
import { bestIndices } from './best-arms.js';

/** One run folder as compare reads it. */
export interface RunInfo {
  readonly dir: string;
  readonly runId: string;
  readonly state: string;
  /** The resolved spec and a few env.json fields, flattened to dotted paths. */
  readonly params: Readonly<Record<string, unknown>>;
  /** stage id -> metric -> value, from metrics.json (empty when the run has none). */
  readonly metrics: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Params and metrics of several runs side by side. */
export interface RunComparison {
  readonly runs: readonly { readonly runId: string; readonly dir: string; readonly state: string }[];
  readonly params: readonly { readonly path: string; readonly values: readonly unknown[]; readonly differs: boolean }[];
  /** `best`: indices of the runs with the best value (none for counts such as `n`). */
  readonly metrics: readonly {
    readonly stageId: string;
    readonly metric: string;
    readonly values: readonly (number | undefined)[];
    readonly best: readonly number[];
    readonly differs: boolean;
  }[];
}

// Where a run came from matters when results differ; the rest of env.json (argv, cwd...) is noise.
const ENV_FIELDS = ['concertina', 'node', 'backend.name', 'git.commit', 'git.dirty'];

/** Whether a folder is a run folder (it holds spec.json). */
export function isRunFolder(dir: string): boolean {
  return existsSync(path.join(dir, 'spec.json'));
}

/** Reads spec.json, metrics.json, status.json and env.json of a run folder. */
export function readRun(dir: string): RunInfo {
  const spec = readJson(path.join(dir, 'spec.json'));
  if (spec === undefined) throw new DataError(`${path.join(dir, 'spec.json')} is missing`, { location: { file: dir } });
  const metricsFile = readJson(path.join(dir, 'metrics.json')) as
    { metrics?: Record<string, Record<string, number>> } | undefined;
  const status = readJson(path.join(dir, 'status.json')) as { state?: string } | undefined;
  const env = flatten(readJson(path.join(dir, 'env.json')) ?? {});
  const params: Record<string, unknown> = flattenSpec(spec);
  for (const k of ENV_FIELDS) if (env[k] !== undefined) params[`env.${k}`] = env[k];
  return {
    dir,
    runId: path.basename(path.resolve(dir)),
    state: status?.state ?? (metricsFile ? 'completed' : 'unknown'),
    params,
    metrics: metricsFile?.metrics ?? {},
  };
}

/** Compares runs: every param path with its values, every stage metric with the best marked. */
export function compareRuns(runs: readonly RunInfo[]): RunComparison {
  const paths = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort(paramOrder);
  const params = paths.map((p) => {
    const values = runs.map((r) => r.params[p]);
    return { path: p, values, differs: new Set(values.map((v) => JSON.stringify(v) ?? 'undefined')).size > 1 };
  });
  const keys = new Map<string, { stageId: string; metric: string }>();
  for (const r of runs)
    for (const [stageId, m] of Object.entries(r.metrics))
      for (const metric of Object.keys(m)) keys.set(`${stageId}\u0000${metric}`, { stageId, metric });
  const metrics = [...keys.values()].map(({ stageId, metric }) => {
    const values = runs.map((r) => r.metrics[stageId]?.[metric]);
    const best = metric === 'n' || runs.length < 2 ? [] : [...bestIndices(values, metric)];
    return { stageId, metric, values, best, differs: new Set(values).size > 1 };
  });
  return { runs: runs.map((r) => ({ runId: r.runId, dir: r.dir, state: r.state })), params, metrics };
}

/**
 * Flattens a resolved spec to dotted paths. Stages are keyed by id (`stages.classifier.params.hidden`),
 * as `--set` reaches them; arrays of plain values stay whole (`[32,32]`).
 */
function flattenSpec(spec: unknown): Record<string, unknown> {
  const s = { ...(spec as Record<string, unknown>) };
  delete s.$schema;
  const stages = Array.isArray(s.stages) ? (s.stages as { id?: string }[]) : [];
  delete s.stages;
  const out = flatten(s);
  for (const [i, st] of stages.entries()) {
    const { id, ...rest } = st;
    Object.assign(out, flatten(rest, `stages.${id ?? i}`));
  }
  return out;
}

/** Flattens nested objects to dotted paths; arrays of objects get indices. */
export function flatten(value: unknown, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const visit = (v: unknown, at: string) => {
    if (Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null))
      v.forEach((x, i) => visit(x, `${at}.${i}`));
    else if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length) {
      for (const [k, x] of Object.entries(v)) visit(x, at ? `${at}.${k}` : k);
    } else if (at) out[at] = v;
  };
  visit(value, prefix);
  return out;
}

// mode first, then dataset, training, stages, the rest, env last: the order people read a spec in.
function paramOrder(a: string, b: string): number {
  const rank = (p: string) =>
    ['mode', 'dataset', 'training', 'stages'].findIndex((k) => p === k || p.startsWith(`${k}.`));
  const r = (p: string) => (p.startsWith('env.') ? 9 : rank(p) < 0 ? 8 : rank(p));
  return r(a) - r(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function readJson(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DataError(`${file} is not valid JSON: ${(err as Error).message}`, { location: { file }, cause: err });
  }
}
