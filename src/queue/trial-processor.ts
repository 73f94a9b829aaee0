/**
 * The sandboxed processor of `concertina worker`: BullMQ runs each trial job in a child process of
 * the worker (one job at a time per process), so that long CPU-bound training never starves the
 * worker's main process, which keeps renewing the job's lock.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { SandboxedJob } from 'bullmq';
import { runTrial } from '../ablation/run-trial.js';
import { hostId, type LeaseOwner } from '../cache/lease.js';
import type { RunEvent } from '../events/run-event.js';
import {
  attemptFolderName,
  attemptOwner,
  runFinished,
  runInCache,
  type TrialJobData,
  type TrialJobResult,
  type TrialStartedProgress,
} from './trial-job.js';
import { processAlive } from '../util/process-alive.js';

// The worker's main process died (SIGKILL): stop too, so the trial's leases lapse and another worker
// takes it over from its last checkpoint.
process.on('disconnect', () => process.exit(1));

/** Batch progress is sent at most this often; every other event is sent. */
const BATCH_EVERY_MS = 500;

/** Runs one trial job; its run folder ends up in the shared cache (see runInCache). */
export default async function processTrial(job: SandboxedJob<TrialJobData>): Promise<TrialJobResult> {
  const cacheDir = process.env.CONCERTINA_CACHE;
  if (!cacheDir) throw new Error('concertina worker: no cache folder given to the trial process');
  const d = job.data;
  const jobId = job.id!;
  const final = runInCache(cacheDir, jobId, d.trialId);
  const result = { run: path.relative(cacheDir, final) };
  if (runFinished(final)) return result; // a previous attempt finished it (at-least-once delivery)
  let sent: Promise<unknown> = job.updateProgress({
    type: 'queue-trial-started',
    host: hostId(),
    pid: process.pid,
  } satisfies TrialStartedProgress);
  let lastBatch = 0;
  const send = (e: RunEvent) => {
    if (e.type === 'batch-progress') {
      const now = Date.now();
      if (now - lastBatch < BATCH_EVERY_MS) return;
      lastBatch = now;
    }
    // in order, without holding the trial up
    sent = sent.then(() => job.updateProgress(e as unknown as object)).catch(() => undefined);
  };
  // Each attempt writes its own folder, renamed into place when finished: a duplicate run of the same
  // trial (a worker thought dead) never mixes with this one, and the first finished run is kept.
  // The queue gave this job to this process, so the processes of earlier attempts whose folders are
  // still here were declared gone (their worker stopped renewing the job lock): take their cache leases
  // over at once rather than waiting for the leases to lapse.
  const earlier = earlierAttempts(path.dirname(final));
  const goneLeaseHolders = earlier.map((e) => e.owner);
  // those this host's dead processes left are removed now; other hosts' when this attempt finishes
  for (const e of earlier)
    if (e.owner.host === hostId() && !processAlive(e.owner.pid)) rmSync(e.dir, { recursive: true, force: true });
  const attempt = path.join(path.dirname(final), attemptFolderName({ host: hostId(), pid: process.pid }));
  mkdirSync(attempt, { recursive: true });
  try {
    await runTrial(
      {
        type: 'run',
        trialId: d.trialId,
        spec: d.spec,
        specFile: d.specFile,
        specDir: d.specDir,
        runsDir: attempt,
        cacheDir,
        fresh: d.fresh,
        backend: d.backend,
        plugins: d.plugins,
        goneLeaseHolders,
      },
      send,
    );
    try {
      renameSync(path.join(attempt, d.trialId), final);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !runFinished(final)) throw err;
    }
  } catch (err) {
    await sent;
    // what the submitter reports as the trial's error
    throw new Error((err as Error)?.message ?? String(err), { cause: err });
  } finally {
    rmSync(attempt, { recursive: true, force: true });
  }
  // the earlier attempts' folders are of no use now (those of other hosts are left by their kill)
  for (const e of earlier) rmSync(e.dir, { recursive: true, force: true });
  await sent;
  return result;
}

/** The attempt folders of this job present now (of other processes) and who wrote them. */
function earlierAttempts(dir: string): { dir: string; owner: LeaseOwner }[] {
  if (!existsSync(dir)) return [];
  const me = hostId();
  return readdirSync(dir).flatMap((name) => {
    const owner = attemptOwner(name);
    return owner && !(owner.host === me && owner.pid === process.pid) ? [{ dir: path.join(dir, name), owner }] : [];
  });
}
