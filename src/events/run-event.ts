import type { Metrics } from '../core/item.js';

/** Fields every event carries. `stageId` is null for run-level events; `trial` tags ablation trials. */
interface EventBase {
  readonly runId: string;
  readonly stageId: string | null;
  /** ISO 8601 timestamp. */
  readonly at: string;
  readonly trial?: string;
}

/** An error as it travels in events and JSON: no class, just what a reader needs. */
export interface ErrorInfo {
  readonly name: string;
  readonly message: string;
  readonly hint?: string;
  readonly location?: { readonly file?: string; readonly pointer?: string; readonly stageId?: string };
  readonly details?: string;
}

export type RunStarted = EventBase & {
  readonly type: 'run-started';
  readonly pipeline: string;
  readonly mode: string;
  readonly seed: number;
  readonly backend: string;
  readonly dir: string;
};
export type DataLoaded = EventBase & {
  readonly type: 'data-loaded';
  readonly counts: { readonly train: number; readonly validation: number; readonly test: number };
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  readonly cached: boolean;
};
export type DataProgress = EventBase & {
  readonly type: 'data-progress';
  readonly done: number;
  readonly total: number;
  readonly what: string;
};
export type StageStarted = EventBase & {
  readonly type: 'stage-started';
  readonly kind: string;
  readonly action: 'fit' | 'transform' | 'load';
};
export type EpochEnd = EventBase & {
  readonly type: 'epoch-end';
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  readonly metrics: Metrics;
  readonly best: boolean;
};
export type BatchProgress = EventBase & {
  readonly type: 'batch-progress';
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
  readonly loss?: number;
};
export type StageCompleted = EventBase & {
  readonly type: 'stage-completed';
  readonly kind: string;
  readonly cached: boolean;
  readonly durationMs: number;
  readonly metrics?: Metrics;
};
export type StageFailed = EventBase & { readonly type: 'stage-failed'; readonly error: ErrorInfo };
export type ArtifactWritten = EventBase & {
  readonly type: 'artifact-written';
  readonly path: string;
  readonly what: string;
};
export type LogEvent = EventBase & { readonly type: 'log'; readonly level: 'info' | 'warn'; readonly message: string };
export type RunCompleted = EventBase & {
  readonly type: 'run-completed';
  readonly metrics: Readonly<Record<string, Metrics>>;
  readonly primary: { readonly stageId: string; readonly metric: string; readonly value: number } | undefined;
  readonly durationMs: number;
};
export type RunFailed = EventBase & {
  readonly type: 'run-failed';
  readonly error: ErrorInfo;
  readonly durationMs: number;
};

/** Everything a run reports, as a discriminated union on `type`. */
export type RunEvent =
  | RunStarted
  | DataLoaded
  | DataProgress
  | StageStarted
  | EpochEnd
  | BatchProgress
  | StageCompleted
  | StageFailed
  | ArtifactWritten
  | LogEvent
  | RunCompleted
  | RunFailed;

export type RunEventType = RunEvent['type'];

/** Distributes Omit over the union so each event keeps its own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before the emitter stamps run id and time. */
export type EventPayload = DistributiveOmit<RunEvent, 'runId' | 'at'>;

/** Turns any thrown value into ErrorInfo. */
export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof Error) {
    const e = err as Error & { hint?: string; location?: ErrorInfo['location']; describe?: () => string };
    return {
      name: e.name,
      message: e.message,
      ...(e.hint ? { hint: e.hint } : {}),
      ...(e.location && Object.keys(e.location).length ? { location: e.location } : {}),
      ...(typeof e.describe === 'function' ? { details: e.describe() } : {}),
    };
  }
  return { name: 'Error', message: String(err) };
}
