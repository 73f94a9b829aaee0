import type { ErrorInfo, RunEvent } from '../events/run-event.js';
import type { RunSummary } from '../execute/run-pipeline.js';
import type { BackendChoice } from '../execute/run-request.js';
import type { LeaseOwner } from '../cache/lease.js';

/** Parent -> worker: run one trial. */
export interface RunTrialMessage {
  readonly type: 'run';
  readonly trialId: string;
  /** The trial's spec document (base spec with the trial's values set), validated again in the worker. */
  readonly spec: unknown;
  readonly specFile: string;
  readonly specDir: string;
  readonly runsDir: string;
  readonly cacheDir: string;
  readonly fresh: boolean;
  readonly backend: BackendChoice | undefined;
  /** Plugin files given on the command line (the spec's own are read from the spec). */
  readonly plugins: readonly string[];
  /** Processes of earlier attempts of this trial that are gone (queue workers; see RunRequest). */
  readonly goneLeaseHolders?: readonly LeaseOwner[];
}

/** Worker -> parent. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly pid: number }
  | { readonly type: 'event'; readonly trialId: string; readonly event: RunEvent }
  | { readonly type: 'done'; readonly trialId: string; readonly summary: RunSummary }
  | { readonly type: 'failed'; readonly trialId: string; readonly error: ErrorInfo };
