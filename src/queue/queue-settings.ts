/**
 * How the trial queue is configured. Chosen deliberately: trials are long and CPU-bound, so each runs
 * in its own process (sandboxed processor) and the worker's main process renews the job lock while the
 * trial computes; a worker that dies stops renewing, its lock lapses after `lockMs`, and the next stalled
 * check (every `stalledMs`) hands the trial to another worker: recovery within lockMs + stalledMs.
 */
export interface QueueSettings {
  /** The BullMQ queue name (and Redis key prefix `concertina`). */
  readonly name: string;
  /** Job lock lifetime; renewed every half of it by the worker's main process. */
  readonly lockMs: number;
  /** How often workers look for jobs whose worker died. */
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

/** The Redis key prefix of concertina's queues. */
export const QUEUE_PREFIX = 'concertina';
