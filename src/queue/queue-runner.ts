import { cpSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Queue, QueueEvents } from 'bullmq';
import type { TrialRunner } from '../ablation/run-ablation.js';
import type { PoolCallbacks } from '../ablation/worker-pool.js';
import type { RunTrialMessage } from '../ablation/worker-protocol.js';
import type { RunEvent } from '../events/run-event.js';
import type { RunSummary } from '../execute/run-pipeline.js';
import { redisOptions } from './connect.js';
import { QUEUE_PREFIX, queueSettings, type QueueSettings } from './queue-settings.js';
import type { QueueAddress } from './queue-url.js';
import {
  runFinished,
  runInCache,
  trialJobData,
  trialJobId,
  type TrialJobData,
  type TrialStartedProgress,
} from './trial-job.js';

export interface QueueRunnerOptions {
  readonly address: QueueAddress;
  readonly ablationId: string;
  /** The cache folder the workers share (the submitter copies finished run folders from it). */
  readonly cacheDir: string;
  readonly log: (line: string) => void;
}

interface Pending {
  readonly m: RunTrialMessage;
  readonly data: TrialJobData;
}

/**
 * Runs an ablation's trials on `concertina worker` processes through a BullMQ queue and turns what the
 * workers report (job progress, completion, failure) into the pool's callbacks, so the ablation's events
 * and report are the same as with local workers. Restartable: queuing a trial whose job exists is a
 * no-op, and a trial whose run is finished in the shared cache is recorded without running again.
 */
export class QueueRunner implements TrialRunner {
  private readonly s: QueueSettings = queueSettings();
  private queue: Queue | undefined;
  private events: QueueEvents | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly settling = new Set<string>();
  private readonly recorded: string[] = [];
  private readonly workerIndex = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private finished: () => void = () => {};
  private closed = false;
  private lastError = '';

  constructor(
    private readonly o: QueueRunnerOptions,
    private readonly cb: PoolCallbacks,
  ) {}

  async run(trials: readonly RunTrialMessage[]): Promise<void> {
    if (!trials.length) return;
    const { Queue, QueueEvents } = await import('bullmq');
    const connection = redisOptions(this.o.address);
    const onError = (err: Error) => {
      if (err.message !== this.lastError)
        this.o.log(`queue: ${err.message} (Redis at ${this.o.address.display}; retrying)`);
      this.lastError = err.message;
    };
    this.events = new QueueEvents(this.s.name, { connection, prefix: QUEUE_PREFIX });
    this.events.on('error', onError);
    this.queue = new Queue(this.s.name, {
      connection,
      prefix: QUEUE_PREFIX,
      streams: { events: { maxLen: this.s.eventsMaxLen } },
      defaultJobOptions: {
        attempts: this.s.attempts,
        backoff: { type: 'exponential', delay: this.s.backoffMs },
        // a safety net: the submitter removes its jobs once their results are recorded
        removeOnComplete: { age: 7 * 86400 },
        removeOnFail: { age: 7 * 86400 },
      },
    });
    this.queue.on('error', onError);
    // listen before queuing, so no event of a fast trial is missed
    this.events.on('progress', ({ jobId, data }) => this.onProgress(jobId, data));
    this.events.on('completed', ({ jobId }) => void this.settle(jobId));
    this.events.on('failed', ({ jobId }) => void this.settle(jobId));
    await this.events.waitUntilReady();
    const done = new Promise<void>((resolve) => (this.finished = resolve));
    for (const m of trials) {
      const data = trialJobData(m, this.o.ablationId);
      this.pending.set(trialJobId(data), { m, data });
    }
    for (const [id, p] of this.pending) {
      if (runFinished(runInCache(this.o.cacheDir, id, p.m.trialId))) void this.settle(id);
      else await this.queue.add(p.m.trialId, p.data, { jobId: id });
    }
    for (const id of this.pending.keys()) void this.settle(id);
    this.timer = setInterval(() => {
      for (const id of this.pending.keys()) void this.settle(id);
    }, this.s.pollMs);
    await done;
    clearInterval(this.timer);
    await this.removeRecorded();
    await this.shutdown();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    void this.shutdown();
  }

  private async shutdown(): Promise<void> {
    await Promise.allSettled([this.events?.close(), this.queue?.close()]);
  }

  /** Redis stays bounded: the jobs whose results are recorded go (an active duplicate stays). */
  private async removeRecorded(): Promise<void> {
    for (const id of this.recorded) {
      try {
        await this.queue!.remove(id);
      } catch {
        /* locked by a duplicate run of a worker thought dead: its own expiry removes it */
      }
    }
  }

  private onProgress(jobId: string, data: unknown): void {
    const p = this.pending.get(jobId);
    if (!p || this.closed || typeof data !== 'object' || data === null) return;
    const e = data as RunEvent | TrialStartedProgress;
    if (e.type === 'queue-trial-started') {
      const key = `${e.host}:${e.pid}`;
      if (!this.workerIndex.has(key)) this.workerIndex.set(key, this.workerIndex.size);
      this.cb.onStart(p.m.trialId, this.workerIndex.get(key)!);
    } else this.cb.onEvent(p.m.trialId, e);
  }

  /** Looks at a trial's job and records the trial when it is finished; one look per job at a time. */
  private async settle(id: string): Promise<void> {
    const p = this.pending.get(id);
    if (!p || this.settling.has(id) || this.closed) return;
    this.settling.add(id);
    try {
      const cached = runInCache(this.o.cacheDir, id, p.m.trialId);
      if (runFinished(cached)) return this.record(id, () => this.completed(p, cached));
      const job = await this.queue!.getJob(id);
      if (!job) {
        // gone with a Redis that kept nothing, or removed by another submitter of the same ablation
        this.o.log(`trial ${p.m.trialId}: its job is gone from the queue and its run is not finished; queued again`);
        await this.queue!.add(p.m.trialId, p.data, { jobId: id });
        return;
      }
      const state = await job.getState();
      if (state === 'completed') {
        if (runFinished(cached)) return this.record(id, () => this.completed(p, cached));
        return this.record(id, () =>
          this.cb.onFailed(p.m.trialId, {
            name: 'QueueError',
            message:
              `the trial finished on a worker, but its run folder is not in this cache (${cached}): ` +
              'the submitter must use the cache folder the workers share (--cache)',
          }),
        );
      }
      if (state === 'failed')
        return this.record(id, () =>
          this.cb.onFailed(p.m.trialId, { name: 'TrialFailed', message: job.failedReason || 'failed on a worker' }),
        );
    } catch (err) {
      const text = (err as Error).message;
      if (text !== this.lastError) this.o.log(`queue: ${text} (checking again)`);
      this.lastError = text;
    } finally {
      this.settling.delete(id);
    }
  }

  private record(id: string, report: () => void): void {
    const p = this.pending.get(id);
    if (!p || !this.pending.delete(id)) return;
    this.recorded.push(id);
    try {
      report();
    } catch (err) {
      this.cb.onFailed(p.m.trialId, {
        name: 'QueueError',
        message: `recording the trial failed: ${(err as Error).message}`,
      });
    }
    if (this.pending.size === 0) this.finished();
  }

  /** Copies a finished run into the ablation folder (whole, atomically) and reports it. */
  private completed(p: Pending, cached: string): void {
    const dest = path.join(p.m.runsDir, p.m.trialId);
    if (!runFinished(dest)) {
      const tmp = `${dest}.${randomBytes(4).toString('hex')}.tmp`;
      cpSync(cached, tmp, { recursive: true });
      rmSync(dest, { recursive: true, force: true });
      try {
        renameSync(tmp, dest);
      } catch (err) {
        rmSync(tmp, { recursive: true, force: true });
        if (!runFinished(dest)) throw err; // else another submitter of this ablation copied it first
      }
    }
    const summary = JSON.parse(readFileSync(path.join(dest, 'metrics.json'), 'utf8')) as RunSummary;
    this.cb.onDone(p.m.trialId, summary);
  }
}

/** How many workers are connected to the queue now. */
export async function connectedWorkers(address: QueueAddress): Promise<number> {
  const { Queue } = await import('bullmq');
  const s = queueSettings();
  const queue = new Queue(s.name, { connection: redisOptions(address), prefix: QUEUE_PREFIX });
  queue.on('error', () => {});
  try {
    return await queue.getWorkersCount();
  } finally {
    await queue.close();
  }
}
