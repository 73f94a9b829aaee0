import { fileURLToPath } from 'node:url';
import type { Job } from 'bullmq';
import { hostId } from '../cache/lease.js';
import { checkReachable, redisOptions } from './connect.js';
import { QUEUE_PREFIX, queueSettings, recoveryBoundMs, workerTimings } from './queue-settings.js';
import type { QueueAddress } from './queue-url.js';
import type { TrialJobData } from './trial-job.js';

export interface WorkerOptions {
  readonly address: QueueAddress;
  /** Trials run at once (each in its own process). */
  readonly concurrency: number;
  /** The cache folder every worker and the submitter share. */
  readonly cacheDir: string;
  /** This host's identity in cache leases (default $CONCERTINA_HOST_ID or the host name). */
  readonly hostId?: string;
  readonly log: (line: string) => void;
}

const secs = (ms: number) => `${+(ms / 1000).toFixed(1)} s`;

/** The processor entry next to this file, in the same language (.ts under tsx, .js once built). */
function processorFile(): string {
  return fileURLToPath(import.meta.url).replace(/run-worker\.(ts|js)$/, (_m, ext: string) => `trial-processor.${ext}`);
}

/**
 * Runs trials from the queue until closed: up to `concurrency` at once, each in a sandboxed process.
 * Redis going away is waited out (reconnecting every second).
 */
export async function startWorker(o: WorkerOptions): Promise<{ close(): Promise<void> }> {
  await checkReachable(o.address);
  // the trial processes inherit these
  process.env.CONCERTINA_CACHE = o.cacheDir;
  if (o.hostId) process.env.CONCERTINA_HOST_ID = o.hostId;
  const { Worker } = await import('bullmq');
  const s = queueSettings();
  const worker = new Worker<TrialJobData>(s.name, processorFile(), {
    connection: redisOptions(o.address),
    prefix: QUEUE_PREFIX,
    concurrency: o.concurrency,
    useWorkerThreads: false,
    ...workerTimings(s),
    maxStalledCount: s.maxStalled,
  });
  const who = `host ${hostId()} pid ${process.pid}`;
  const name = (job: Job<TrialJobData> | undefined) =>
    job ? `trial ${job.data.trialId} (${job.data.ablationId}, job ${job.id!.slice(0, 18)})` : 'a trial';
  let lastError = '';
  worker.on('error', (err) => {
    const text = err.message;
    if (text !== lastError) o.log(`worker: ${text} (Redis at ${o.address.display}; retrying)`);
    lastError = text;
  });
  worker.on('ready', () => {
    if (lastError) o.log(`worker: connected to ${o.address.display} again`);
    lastError = '';
  });
  worker.on('active', (job) => o.log(`${name(job)} started (attempt ${job.attemptsMade + 1})`));
  worker.on('completed', (job) => o.log(`${name(job)} done`));
  worker.on('failed', (job, err) => o.log(`${name(job)} failed: ${err.message}`));
  worker.on('stalled', (id) => o.log(`job ${id.slice(0, 18)}: its worker stopped answering; it runs again`));
  await worker.waitUntilReady();
  o.log(
    `worker ${who} on ${o.address.display}, queue ${s.name}: up to ${o.concurrency} trial` +
      `${o.concurrency > 1 ? 's' : ''} at once, cache ${o.cacheDir}; a dead worker's trial is taken over ` +
      `within ${secs(recoveryBoundMs(s))} (lock ${secs(s.lockMs)}, stalled interval ${secs(s.stalledMs)})`,
  );
  return { close: () => worker.close() };
}
