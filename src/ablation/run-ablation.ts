import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Observable } from 'rxjs';
import { contentKey } from '../util/content-key.js';
import type { RunSummary } from '../execute/run-pipeline.js';
import type { BackendChoice } from '../execute/run-request.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { setPath } from '../spec/overrides.js';
import { validateSpec } from '../spec/load-spec.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { lockFolder, type FolderLock } from '../io/folder-lock.js';
import type { AblationEvent, AblationEventPayload, AblationStreamEvent } from './ablation-event.js';
import { expandTrials, type GridOptions, type Trial } from './trial.js';
import { failedResult, type TrialResult } from './trial-result.js';
import { WorkerPool, type PoolCallbacks } from './worker-pool.js';
import type { RunTrialMessage } from './worker-protocol.js';
import { writeReport } from './report/write-report.js';

export interface AblationRequest {
  readonly loaded: LoadedSpec;
  /** The raw spec document after --set overrides (trials set their values on it). */
  readonly raw: Record<string, unknown>;
  readonly grid: GridOptions;
  readonly runsDir: string;
  readonly cacheDir: string;
  readonly workers?: number;
  readonly fresh?: boolean;
  readonly backend?: BackendChoice;
  readonly plugins?: readonly string[];
  /** The command that reproduces the ablation, for the report. */
  readonly command: string;
  /** Runs the trials elsewhere (a queue of workers on other hosts); default: local worker processes. */
  readonly runner?: (callbacks: PoolCallbacks, ablationId: string) => TrialRunner;
}

/** What runs an ablation's trials, reporting through the pool's callbacks: the local pool, or a queue. */
export interface TrialRunner {
  /** Runs every trial; resolves when each has completed or failed. */
  run(trials: readonly RunTrialMessage[]): Promise<void>;
  /** Stops following the trials (Ctrl-C). */
  close(): void;
}

export interface AblationPlan {
  readonly id: string;
  readonly dir: string;
  readonly trials: readonly Trial[];
  /** Trials already finished in an earlier (interrupted) invocation. */
  readonly finished: ReadonlySet<string>;
}

/**
 * The ablation's trials, its folder (stable for the same spec and grid, so the same command resumes) and what is
 * done.
 */
export function planAblation(r: AblationRequest): AblationPlan {
  const trials = expandTrials(r.loaded.spec, r.grid);
  // fail early on a bad grid path
  for (const t of trials) validateSpec(trialSpec(r.raw, t), r.loaded.file, {}, r.loaded.dir);
  const key = contentKey({ spec: r.raw, trials: trials.map((t) => t.set) }).slice(0, 10);
  const id = `${r.loaded.spec.name}-ablation-${key}`;
  const dir = path.join(r.runsDir, id);
  const finished = new Set(trials.filter((t) => readFinished(dir, t) !== undefined).map((t) => t.id));
  return { id, dir, trials, finished };
}

/** The spec document of one trial. */
function trialSpec(raw: Record<string, unknown>, t: Trial): Record<string, unknown> {
  const doc = structuredClone(raw);
  for (const [k, v] of Object.entries(t.set)) setPath(doc, k, v, { label: `trial ${t.id}:` });
  return doc;
}

/**
 * Runs an ablation: its trials on worker processes (default one per core), skipping trials an earlier
 * invocation finished, then writes the report. Cold observable of ablation events and the trials'
 * own run events (tagged with the trial).
 */
export function runAblation(r: AblationRequest): Observable<AblationStreamEvent> {
  return new Observable<AblationStreamEvent>((sub) => {
    const plan = planAblation(r);
    // One process per ablation folder: a second `ablate` of the same grid into the same folder would
    // remove and rewrite the first one's trial folders under it.
    let lock: FolderLock;
    try {
      lock = lockFolder(plan.dir, 'ablation.lock', 'the ablation folder', undefined, r.command);
    } catch (err) {
      sub.error(err);
      return;
    }
    const started = Date.now();
    const at = () => new Date().toISOString();
    const emit = (e: AblationEventPayload) => sub.next({ ...e, ablationId: plan.id, at: at() } as AblationEvent);
    const results = new Map<string, TrialResult>();
    const byId = new Map(plan.trials.map((t) => [t.id, t]));
    const trialsDir = path.join(plan.dir, 'trials');
    writeJsonAtomic(path.join(plan.dir, 'ablation.json'), {
      id: plan.id,
      spec: r.raw,
      file: r.loaded.file,
      command: r.command,
      trials: plan.trials,
    });
    const workers = Math.max(1, r.workers ?? r.loaded.spec.ablation?.workers ?? os.cpus().length);
    emit({
      type: 'ablation-started',
      dir: plan.dir,
      trials: plan.trials.length,
      finished: plan.finished.size,
      workers,
    });
    const todo: RunTrialMessage[] = [];
    for (const t of plan.trials) {
      const done = readFinished(plan.dir, t);
      if (done) {
        results.set(t.id, done);
        emit({ type: 'trial-completed', trial: t.id, result: done, reused: true });
        continue;
      }
      // A trial folder without a finished run is from an interrupted invocation: start it over
      // (its finished steps are in the cache, so little is recomputed).
      rmSync(path.join(trialsDir, t.id), { recursive: true, force: true });
      todo.push({
        type: 'run',
        trialId: t.id,
        spec: trialSpec(r.raw, t),
        specFile: r.loaded.file,
        specDir: r.loaded.dir,
        runsDir: trialsDir,
        cacheDir: r.cacheDir,
        fresh: r.fresh ?? false,
        backend: r.backend,
        plugins: r.plugins ?? [],
      });
    }
    const callbacks: PoolCallbacks = {
      onStart: (trial, worker) => emit({ type: 'trial-started', trial, worker }),
      onEvent: (_trial, event) => sub.next(event),
      onDone: (trial, summary) => {
        const result = toResult(byId.get(trial)!, summary, path.join(trialsDir, trial));
        results.set(trial, result);
        emit({ type: 'trial-completed', trial, result, reused: false });
      },
      onFailed: (trial, error) => {
        const t = byId.get(trial)!;
        results.set(trial, failedResult(t, error.message, path.join(trialsDir, trial)));
        emit({ type: 'trial-failed', trial, error });
      },
    };
    const pool: TrialRunner = r.runner ? r.runner(callbacks, plan.id) : new WorkerPool(workers, callbacks);
    pool
      .run(todo)
      .then(async () => {
        const ordered = plan.trials.map((t) => results.get(t.id)!).filter(Boolean);
        const files = await writeReport(plan.dir, ordered, {
          title: `Ablation of ${r.loaded.spec.name}`,
          command: r.command,
        });
        const failed = ordered.filter((x) => x.status === 'failed').length;
        emit({
          type: 'ablation-completed',
          dir: plan.dir,
          files,
          durationMs: Date.now() - started,
          completed: ordered.length - failed,
          failed,
        });
        lock.release();
        sub.complete();
      })
      .catch((err) => {
        lock.release();
        sub.error(err);
      });
    return () => {
      pool.close();
      lock.release();
    };
  });
}

/** The result of a trial whose run finished in an earlier invocation, if it did. */
export function readFinished(dir: string, t: Trial): TrialResult | undefined {
  const runDir = path.join(dir, 'trials', t.id);
  try {
    const status = JSON.parse(readFileSync(path.join(runDir, 'status.json'), 'utf8')) as { state: string };
    if (status.state !== 'completed' || !existsSync(path.join(runDir, 'metrics.json'))) return undefined;
    return toResult(t, JSON.parse(readFileSync(path.join(runDir, 'metrics.json'), 'utf8')) as RunSummary, runDir);
  } catch {
    return undefined;
  }
}

/** A trial's result from its run summary: the output stage's metrics, plus every stage's as `stage.metric`. */
function toResult(t: Trial, s: RunSummary, runDir: string): TrialResult {
  const metrics: Record<string, number> = {};
  const primaryStage = s.primary?.stageId;
  for (const [stage, m] of Object.entries(s.metrics)) {
    for (const [k, v] of Object.entries(m)) {
      if (k === 'n') continue;
      metrics[`${stage}.${k}`] = v;
      if (stage === primaryStage) metrics[k] = v;
    }
  }
  return {
    trialId: t.id,
    arm: t.arm,
    mode: t.mode,
    trainFraction: t.trainFraction,
    trainExamples: s.counts.train,
    seed: t.seed,
    params: t.params,
    status: 'completed',
    metrics,
    primaryMetric: s.primary?.metric ?? 'accuracy',
    durationMs: s.durationMs,
    runDir,
  };
}
