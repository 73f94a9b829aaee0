import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Trial } from '../ablation/trial.js';
import type { RunStatus } from '../execute/run-folder.js';
import { processAlive } from '../util/process-alive.js';
import { readJsonOr } from './read-json.js';
import { mtimeOf, runRow, runSignature, type RowStatus, type RunRow, type Scalar } from './run-row.js';

/** What the runs table shows: the rows, the param columns that differ between them and the metric columns. */
export interface RunIndex {
  readonly rows: readonly RunRow[];
  readonly paramColumns: readonly string[];
  readonly metricColumns: readonly string[];
}

/** The most param columns the table shows (those that differ, in name order). */
const MAX_PARAM_COLUMNS = 12;
/** The most metric columns the table shows (in name order). */
const MAX_METRIC_COLUMNS = 4;

/** A folder's row as last read, with what says whether it is still current. */
interface CachedRow {
  readonly sig: string;
  readonly row: RunRow;
  /** A running run's process: the row stays current while it lives and status.json is unchanged. */
  readonly pid?: number;
}

/** An ablation's rows as last built, and the files and trial rows they were built from. */
interface CachedAblation {
  readonly mtime: number;
  readonly file: AblationFile | undefined;
  readonly report: number;
  readonly trials: readonly (RunRow | undefined)[];
  readonly rows: readonly RunRow[];
}

/** An ablation folder's ablation.json, as far as the dashboard reads it. */
export interface AblationFile {
  readonly id: string;
  readonly spec: { readonly name?: string };
  readonly command?: string;
  readonly trials: readonly Trial[];
}

/**
 * Reads the runs folder into table rows, re-reading only folders whose files changed since the last call
 * (a stat per file, so that 1,000 runs cost milliseconds once cached). While nothing changes it returns the same
 * row objects and the same index object, which the server keeps serialized and compressed.
 */
export class RunIndexer {
  private readonly cache = new Map<string, CachedRow>();
  private readonly ablations = new Map<string, CachedAblation>();
  private last: { rows: readonly RunRow[]; index: RunIndex } | undefined;

  constructor(private readonly root: string) {}

  /** Incremented whenever the index changes (a new index object): what live pages are told about. */
  version = 0;
  private scannedAt = -Infinity;

  /**
   * Every run, trial and ablation, newest first. `maxAgeMs`: the index of a scan that recent is current enough
   * (requests share one scan of the runs folder; a scan stats every folder: tens of milliseconds for 1,000 runs).
   */
  index(maxAgeMs = 0): RunIndex {
    if (this.last && performance.now() - this.scannedAt < maxAgeMs) return this.last.index;
    const index = this.scan();
    this.scannedAt = performance.now();
    return index;
  }

  private scan(): RunIndex {
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
      const ablation = this.ablationFile(dir, name);
      if (ablation?.trials) rows.push(...this.ablationRows(dir, name, ablation, seen));
      else rows.push(this.cached(dir, name, undefined, seen));
    }
    for (const key of this.cache.keys()) if (!seen.has(key)) this.cache.delete(key);
    for (const key of this.ablations.keys()) if (!seen.has(key)) this.ablations.delete(key);
    rows.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || a.path.localeCompare(b.path));
    // Nothing changed (the same row objects): the same index, which the server keeps serialized.
    const last = this.last;
    if (last && last.rows.length === rows.length && rows.every((r, i) => r === last.rows[i])) return last.index;
    const index = trimParams(rows);
    this.last = { rows, index };
    this.version++;
    return index;
  }

  private cached(dir: string, rel: string, trial: Parameters<typeof runRow>[2], seen: Set<string>): RunRow {
    seen.add(rel);
    const sig = runSignature(dir);
    const hit = this.cache.get(rel);
    // A running row's duration is the page's to count on (from startedAt): the row stays as read while its
    // process lives, so that a run in progress does not make every request rebuild the index.
    const current = hit && hit.sig === sig;
    if (current && (hit.row.status !== 'running' || processAlive(hit.pid))) return hit.row;
    const row = runRow(dir, rel, trial);
    const pid = row.status === 'running' ? readJsonOr<RunStatus>(dir, 'status.json')?.pid : undefined;
    this.cache.set(rel, { sig, row, ...(pid !== undefined ? { pid } : {}) });
    return row;
  }

  /** The folder's ablation.json, parsed again only when it changed; undefined for a run folder. */
  private ablationFile(dir: string, name: string): AblationFile | undefined {
    const mtime = mtimeOf(path.join(dir, 'ablation.json'));
    if (!mtime) return undefined;
    const hit = this.ablations.get(name);
    if (hit && hit.mtime === mtime) return hit.file;
    const file = readJsonOr<AblationFile>(dir, 'ablation.json');
    this.ablations.set(name, { mtime, file, report: -1, trials: [], rows: [] });
    return file;
  }

  private ablationRows(dir: string, name: string, a: AblationFile, seen: Set<string>): readonly RunRow[] {
    seen.add(name);
    const trials = a.trials.map((t) => {
      const trialDir = path.join(dir, 'trials', t.id);
      if (!mtimeOf(trialDir)) return undefined;
      return this.cached(trialDir, `${name}/trials/${t.id}`, { ablation: name, ...t }, seen);
    });
    const report = mtimeOf(path.join(dir, 'report.json'));
    const hit = this.ablations.get(name)!;
    if (hit.report === report && hit.trials.length === trials.length && trials.every((r, i) => r === hit.trials[i]))
      return hit.rows;
    const rows = this.buildAblationRows(name, a, trials, report > 0);
    this.ablations.set(name, { ...hit, report, trials, rows });
    return rows;
  }

  private buildAblationRows(
    name: string,
    a: AblationFile,
    trials: readonly (RunRow | undefined)[],
    reported: boolean,
  ): RunRow[] {
    const present = trials.filter((r): r is RunRow => r !== undefined);
    const done = present.filter((r) => r.status === 'completed').length;
    const failed = present.filter((r) => r.status === 'failed').length;
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
  const metricColumns = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))].sort().slice(0, MAX_METRIC_COLUMNS);
  return { rows: rows.map((r) => ({ ...r, params: pick(r.params) })), paramColumns: columns, metricColumns };
}

/** The runs table's first page as the runs page sends it inline: what the page draws before the whole index. */
export interface FirstRows extends RunIndex {
  /** Rows in the whole index: more than `rows` when this is a first page only. */
  readonly total: number;
}

/**
 * The first `count` runs and ablations in the index's order (newest first, as the table opens), with the trials of
 * those ablations (the table groups trials under their ablation).
 */
export function firstRows(index: RunIndex, count: number): FirstRows {
  const top = index.rows.filter((r) => r.kind !== 'trial').slice(0, count);
  const ablations = new Set(top.filter((r) => r.kind === 'ablation').map((r) => r.path));
  const picked = new Set(top);
  const rows = index.rows.filter((r) => picked.has(r) || (r.ablation !== null && ablations.has(r.ablation)));
  return { ...index, rows, total: index.rows.length };
}
