import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunTrialMessage } from '../ablation/worker-protocol.js';
import type { LeaseOwner } from '../cache/lease.js';
import type { BackendChoice } from '../execute/run-request.js';
import { codeVersion } from '../util/code-version.js';
import { contentKey } from '../util/content-key.js';

/**
 * What a queued trial carries: the trial's spec document and paths, never data or tensors. Paths (spec
 * folder, plugins, data the spec names) must mean the same on every worker host.
 */
export interface TrialJobData {
  readonly v: 1;
  readonly trialId: string;
  /** The submitting ablation (for logs; a trial shared by two ablations runs once). */
  readonly ablationId: string;
  readonly spec: unknown;
  readonly specFile: string;
  readonly specDir: string;
  readonly fresh: boolean;
  readonly backend: BackendChoice | undefined;
  readonly plugins: readonly string[];
}

/** What a worker answers: where the trial's run folder is, relative to the shared cache. */
export interface TrialJobResult {
  readonly run: string;
}

/** A progress message of a job that is not a run event: the trial started on a worker. */
export interface TrialStartedProgress {
  readonly type: 'queue-trial-started';
  readonly host: string;
  readonly pid: number;
}

/** The job of a trial of an ablation. */
export function trialJobData(m: RunTrialMessage, ablationId: string): TrialJobData {
  return {
    v: 1,
    trialId: m.trialId,
    ablationId,
    spec: m.spec,
    specFile: m.specFile,
    specDir: m.specDir,
    fresh: m.fresh,
    backend: m.backend,
    plugins: m.plugins,
  };
}

/**
 * The job id: the trial's content key (what it computes and with which code), so that queuing a trial
 * twice, from one submitter or two, is a no-op while the job exists.
 */
export function trialJobId(d: TrialJobData): string {
  const { ablationId: _ignored, ...what } = d;
  return `trial-${contentKey({ ...what, code: codeVersion() })}`;
}

/** Where a worker leaves the finished run folder of a job, inside the shared cache. */
export function runInCache(cacheDir: string, jobId: string, trialId: string): string {
  return path.join(cacheDir, 'runs', jobId, trialId);
}

/** Whether a run folder holds a finished run (its status says completed and its metrics are there). */
export function runFinished(dir: string): boolean {
  try {
    const status = JSON.parse(readFileSync(path.join(dir, 'status.json'), 'utf8')) as { state?: string };
    return status.state === 'completed' && existsSync(path.join(dir, 'metrics.json'));
  } catch {
    return false;
  }
}

/**
 * The folder one attempt of a job writes its run into, next to the job's final run folder:
 * `.attempt-<host>-<pid>-<hex>`, so that a later attempt knows which process ran an earlier one.
 */
export function attemptFolderName(o: LeaseOwner): string {
  return `.attempt-${o.host}-${o.pid}-${randomBytes(3).toString('hex')}`;
}

/** The host and pid an attempt folder's name gives (the host may hold '-'); undefined for other names. */
export function attemptOwner(name: string): LeaseOwner | undefined {
  const m = /^\.attempt-(.+)-(\d+)-[0-9a-f]+$/.exec(name);
  return m ? { host: m[1]!, pid: Number(m[2]) } : undefined;
}
