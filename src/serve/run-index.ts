import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Trial } from '../ablation/trial.js';
import { readJsonOr } from './read-json.js';
import { mtimeOf, runRow, runSignature, type RowStatus, type RunRow, type Scalar } from './run-row.js';

/** What the runs table shows: the rows and the param columns that differ between them. */
export interface RunIndex {
  readonly rows: readonly RunRow[];
  readonly paramColumns: readonly string[];
}

/** The most param columns the table shows (those that differ, in name order). */
const MAX_PARAM_COLUMNS = 12;

/** An ablation folder's ablation.json, as far as the dashboard reads it. */
export interface AblationFile {
  readonly id: string;
  readonly spec: { readonly name?: string };
  readonly command?: string;
  readonly trials: readonly Trial[];
}

/**
 * Reads the runs folder into table rows, re-reading only folders whose files changed since the last call
 * (a stat per file, so that 1,000 runs cost milliseconds once cached).
 */
export class RunIndexer {
  private readonly cache = new Map<string, { sig: string; row: RunRow }>();
  private last: { rows: readonly RunRow[]; index: RunIndex } | undefined;

  constructor(private readonly root: string) {}

  /** Every run, trial and ablation, newest first. */
  index(): RunIndex {
    const rows: RunRow[] = [];
    const seen = new Set<string>();
    let names: string[];
    try {
      names = readdirSync(this.root, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
        .map((d) => d.name);
    } catch {
      names = [];
    }
    for (const name of names) {
      const dir = path.join(this.root, name);
      const ablation = mtimeOf(path.join(dir, 'ablation.json'))
        ? readJsonOr<AblationFile>(dir, 'ablation.json')
        : undefined;
      if (ablation?.trials) rows.push(...this.ablationRows(dir, name, ablation, seen));
      else rows.push(this.cached(dir, name, undefined, seen));
    }
    for (const key of this.cache.keys()) if (!seen.has(key)) this.cache.delete(key);
    rows.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || a.path.localeCompare(b.path));
    // Nothing changed (the same row objects): the same index, which the server keeps serialized.
    const last = this.last;
    if (last && last.rows.length === rows.length && rows.every((r, i) => r === last.rows[i])) return last.index;
    const index = trimParams(rows);
    this.last = { rows, index };
    return index;
  }

  private cached(dir: string, rel: string, trial: Parameters<typeof runRow>[2], seen: Set<string>): RunRow {
    seen.add(rel);
    const sig = runSignature(dir);
    const hit = this.cache.get(rel);
    if (hit && hit.sig === sig && sig !== '0' && hit.row.status !== 'running') return hit.row;
    const row = runRow(dir, rel, trial);
    this.cache.set(rel, { sig, row });
    return row;
  }

  private ablationRows(dir: string, name: string, a: AblationFile, seen: Set<string>): RunRow[] {
    const trials = a.trials.map((t) => {
      const trialDir = path.join(dir, 'trials', t.id);
      if (!mtimeOf(trialDir)) return undefined;
      return this.cached(trialDir, `${name}/trials/${t.id}`, { ablation: name, ...t }, seen);
    });
    const present = trials.filter((r): r is RunRow => r !== undefined);
    const done = present.filter((r) => r.status === 'completed').length;
    const failed = present.filter((r) => r.status === 'failed').length;
    const reported = mtimeOf(path.join(dir, 'report.json')) > 0;
    const running = present.some((r) => r.status === 'running');
    const status: RowStatus = running ? 'running' : reported ? 'completed' : 'incomplete';
    const starts = present.map((r) => r.startedAt).filter((s): s is string => !!s);
    const started = starts.length ? starts.reduce((x, y) => (x < y ? x : y)) : null;
    const durations = present.map((r) => r.durationMs ?? 0);
    const row: RunRow = {
      path: name,
      kind: 'ablation',
      id: name,
      spec: a.spec?.name ?? '?',
      mode: [...new Set(a.trials.map((t) => t.mode))].join(', '),
      arm: [...new Set(a.trials.map((t) => t.arm))].join(', '),
      trainFraction: null,
      seed: null,
      status,
      startedAt: started,
      durationMs: durations.length ? durations.reduce((s, d) => s + d, 0) : null,
      primary: null,
      metrics: {},
      params: {},
      ablation: null,
      progress: { done, total: a.trials.length, failed },
      ...(status === 'incomplete' ? { problem: 'no report.json: the ablation stopped before its end' } : {}),
    };
    return [row, ...present];
  }
}

/** Spec paths the table shows as columns of their own. */
const AXES = new Set(['mode', 'dataset.trainFraction', 'training.seed']);

/** Keeps in each row only the params that differ between the runs and trials (ablations have none). */
function trimParams(rows: RunRow[]): RunIndex {
  const values = new Map<string, Set<string>>();
  const runs = rows.filter((r) => r.kind !== 'ablation' && Object.keys(r.params).length > 0);
  for (const r of runs) for (const k of Object.keys(r.params)) values.set(k, values.get(k) ?? new Set());
  for (const [k, set] of values) for (const r of runs) set.add(JSON.stringify(r.params[k] ?? null));
  const columns = [...values]
    .filter(([k, s]) => s.size > 1 && !AXES.has(k))
    .map(([k]) => k)
    .sort()
    .slice(0, MAX_PARAM_COLUMNS);
  const pick = (p: Readonly<Record<string, Scalar>>) =>
    Object.fromEntries(columns.filter((k) => k in p).map((k) => [k, p[k]!]));
  return { rows: rows.map((r) => ({ ...r, params: pick(r.params) })), paramColumns: columns };
}
