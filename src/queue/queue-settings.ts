/**
 * How the trial queue is configured. Chosen deliberately: trials are long and CPU-bound, so each runs
 * in its own process (sandboxed processor) and the worker's main process, whose event loop stays free,
 * renews the job lock while the trial computes (every 1/8 to 1/4 of `lockMs`, see workerTimings). A worker
 * that dies stops renewing and its lock lapses within `lockMs`. BullMQ's stalled check needs two passes
 * to hand a job over (one marks the active jobs, the next moves those still marked whose lock is gone),
 * so the check runs every half of `stalledMs`: recovery within max(lockMs, stalledMs / 2) + stalledMs / 2,
 * never more than lockMs + stalledMs (see recoveryBoundMs).
 */
export interface QueueSettings {
  /** The BullMQ queue name (and Redis key prefix `concertina`). */
  readonly name: string;
  /** Job lock lifetime; renewed every 1/8 to 1/4 of it by the worker's main process. */
  readonly lockMs: number;
  /**
   * The stalled interval: the longest a trial whose worker died waits, once its lock has lapsed, for
   * another worker to take it (at most half of it when the lock is at least half of it). Workers run
   * BullMQ's stalled check every half of it.
   */
  readonly stalledMs: number;
  /** How often a job may stall (its worker died) before it is failed. */
  readonly maxStalled: number;
  /** Runs of a failing trial in all (the first and the retries). */
  readonly attempts: number;
  /** First retry delay; doubled for each further retry. */
  readonly backoffMs: number;
  /** Length the queue's event stream is capped at. */
  readonly eventsMaxLen: number;
  /** How often the submitter checks the state of the trials it waits for (events may be missed). */
  readonly pollMs: number;
}

function env(name: string, fallback: number, min: number): number {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v >= min ? v : fallback;
}

/** The settings, each overridable through the environment ($CONCERTINA_QUEUE_LOCK_MS...). */
export function queueSettings(): QueueSettings {
  return {
    name: process.env.CONCERTINA_QUEUE_NAME || 'trials',
    lockMs: env('CONCERTINA_QUEUE_LOCK_MS', 5_000, 500),
    stalledMs: env('CONCERTINA_QUEUE_STALLED_MS', 10_000, 500),
    maxStalled: env('CONCERTINA_QUEUE_MAX_STALLED', 3, 1),
    attempts: env('CONCERTINA_QUEUE_ATTEMPTS', 3, 1),
    backoffMs: env('CONCERTINA_QUEUE_BACKOFF_MS', 5_000, 0),
    eventsMaxLen: env('CONCERTINA_QUEUE_EVENTS_MAXLEN', 2_000, 100),
    pollMs: env('CONCERTINA_QUEUE_POLL_MS', 2_000, 50),
  };
}

/** The BullMQ Worker options that carry the settings' lock and stalled-check timing. */
export function workerTimings(s: QueueSettings): {
  lockDuration: number;
  lockRenewTime: number;
  stalledInterval: number;
} {
  return {
    lockDuration: s.lockMs,
    // BullMQ looks every half of this and renews the locks last renewed more than half of it ago:
    // each lock is renewed every 1/8 to 1/4 of its lifetime (BullMQ's default, half of it, gives 1/4 to
    // 1/2), so a live worker's main process may be late by 3/4 of the lifetime before its trial is
    // taken for a dead worker's.
    lockRenewTime: Math.max(100, Math.round(s.lockMs / 4)),
    // two passes (mark, then move) fit into the stalled interval
    stalledInterval: Math.max(250, Math.round(s.stalledMs / 2)),
  };
}

/**
 * The longest from a worker's death to its trial being handed to another worker (check durations and
 * clock jitter aside). The last lock renewal is at most 1/4 of the lock before the death, so the lock
 * lapses within `lockMs` of it; checks run every `p` = stalledMs / 2, and the first one after the lapse
 * moves the job if the check before it came after the last renewal (always so when lockMs >= p), else
 * the one after that does.
 */
export function recoveryBoundMs(s: QueueSettings): number {
  const p = workerTimings(s).stalledInterval;
  return Math.max(s.lockMs, p) + p;
}

/** The Redis key prefix of concertina's queues. */
export const QUEUE_PREFIX = 'concertina';
