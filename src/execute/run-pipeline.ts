import { Observable, type Subscriber } from 'rxjs';
import type { Mode } from '../core/mode.js';
import { StepCache } from '../cache/step-cache.js';
import type { RunEvent, EventPayload } from '../events/run-event.js';
import { errorInfo } from '../events/run-event.js';
import { PipelineError } from '../errors/pipeline-error.js';
import type { Metrics } from '../core/item.js';
import { collectEnvironment, makeRunId } from './environment.js';
import { loadPipelineData } from './pipeline-data.js';
import { preparePlan } from '../plan/prepare-plan.js';
import { planToJson } from '../plan/plan-json.js';
import { appendEpochSeries, writeRunDvcYaml } from '../dvc/dvclive-layout.js';
import { RunFolder, type RunStatus } from './run-folder.js';
import type { RunRequest, RunServices } from './run-request.js';
import { StepRunner } from './step-runner.js';
import { resolveTransferSource } from './transfer-source.js';
import { modeOf } from '../spec/spec-mode.js';
import { primaryMetricOf } from './primary-metric.js';

/** The outcome of a finished run, as written to metrics.json. */
export interface RunSummary {
  readonly runId: string;
  readonly dir: string;
  readonly pipeline: string;
  readonly mode: Mode;
  readonly seed: number;
  readonly backend: string;
  readonly metrics: Readonly<Record<string, Metrics>>;
  readonly primary: { readonly stageId: string; readonly metric: string; readonly value: number } | undefined;
  readonly counts: { readonly train: number; readonly validation: number; readonly test: number };
  readonly durationMs: number;
  readonly stageDurationsMs: Readonly<Record<string, number>>;
  readonly cache: { readonly hits: number; readonly misses: number };
}

/**
 * Runs a pipeline. Cold: the run starts when subscribed and is aborted when unsubscribed. Emits the
 * typed event stream and completes after `run-completed`; after `run-failed` it errors with the cause.
 * Every event also goes to runs/<id>/events.jsonl.
 */
export function runPipeline(request: RunRequest, services: RunServices): Observable<RunEvent> {
  return new Observable<RunEvent>((subscriber) => {
    const abort = new AbortController();
    const onOuterAbort = () => abort.abort(new PipelineError('the run was interrupted'));
    request.signal?.addEventListener('abort', onOuterAbort, { once: true });
    void execute(request, services, subscriber, abort.signal).finally(() =>
      request.signal?.removeEventListener('abort', onOuterAbort),
    );
    return () => abort.abort(new PipelineError('the run was interrupted'));
  });
}

async function execute(
  request: RunRequest,
  services: RunServices,
  subscriber: Subscriber<RunEvent>,
  signal: AbortSignal,
): Promise<void> {
  const started = Date.now();
  const spec = request.loaded.spec;
  const mode = modeOf(spec, request.mode);
  const seed = spec.training?.seed ?? 1;
  let folder: RunFolder | undefined;
  const emit = (payload: EventPayload) => {
    const e = {
      ...payload,
      runId: folder?.runId ?? request.runId ?? '',
      at: new Date().toISOString(),
      ...(request.trial ? { trial: request.trial } : {}),
    } as RunEvent;
    try {
      folder?.appendEvent(e);
      if (folder && e.type === 'epoch-end') appendEpochSeries(folder.dir, e);
    } catch {
      // A full disk must not hide the run's own outcome from subscribers.
    }
    if (!subscriber.closed) subscriber.next(e);
  };
  try {
    const plan = preparePlan(request.loaded, services.catalog, request.mode);
    folder = RunFolder.create(request.runsDir, request.runId ?? makeRunId(spec.name, mode));
    folder.writeJson('status.json', {
      runId: folder.runId,
      state: 'running',
      startedAt: new Date(started).toISOString(),
      pid: process.pid,
    } satisfies RunStatus);
    folder.writeJson('spec.json', { ...spec, mode });
    folder.writeJson('plan.json', planToJson(plan));
    writeRunDvcYaml(folder.dir, false);
    const backend = await services.selectBackend(request.backend ?? spec.training?.backend ?? 'auto');
    folder.writeJson('env.json', collectEnvironment(backend, seed));
    emit({
      type: 'run-started',
      stageId: null,
      pipeline: spec.name,
      mode,
      seed,
      // The run line shows what multiplies matrices on wasm: "wasm (matmul: OpenBLAS 0.3.21)" or "(matmul: XNNPACK)".
      backend: backend.matmul ? `${backend.name} (matmul: ${backend.matmul.split(' (')[0]})` : backend.name,
      dir: folder.dir,
    });

    const cache = new StepCache(request.cacheDir, request.fresh ?? false, { gone: request.goneLeaseHolders });
    const {
      data,
      key: dataKey,
      cached,
      split,
      services: pipelineServices,
    } = await loadPipelineData(request.loaded, plan, services, {
      cache,
      signal,
      progress: (done, total, what) => emit({ type: 'data-progress', stageId: null, done, total, what }),
    });
    const counts = { train: split.train.length, validation: split.validation.length, test: split.test.length };
    folder.writeJson('data.json', {
      dataset: spec.dataset.kind,
      counts,
      skipped: data.skipped,
      examples: data.examples.length,
    });
    emit({ type: 'data-loaded', stageId: null, counts, skipped: data.skipped, cached });
    for (const s of data.skipped)
      emit({ type: 'log', stageId: null, level: 'warn', message: `skipped ${s.file}: ${s.reason}` });
    if (split.train.length === 0)
      throw new PipelineError('the training split is empty', {
        location: { pointer: '/dataset' },
        hint: 'check the split and trainFraction',
      });

    const steps = new StepRunner({
      plan,
      data,
      split,
      dataKey,
      cache,
      folder,
      services,
      emit,
      signal,
      backend: backend.name,
      pipelineServices,
      evaluationSplit: spec.evaluation?.split ?? 'test',
      resolveInit: (s) =>
        resolveTransferSource(s, {
          specDir: request.loaded.dir,
          specFile: request.loaded.file,
          services,
          cache,
          backend: backend.name,
          emit,
          signal,
        }),
    });
    const metrics = await steps.runAll();
    const primary = primaryMetricOf(plan.pipeline.primaryOutput, metrics, spec.evaluation?.primaryMetric);
    const summary: RunSummary = {
      runId: folder.runId,
      dir: folder.dir,
      pipeline: spec.name,
      mode,
      seed,
      backend: backend.name,
      metrics,
      primary,
      counts,
      durationMs: Date.now() - started,
      stageDurationsMs: steps.durations,
      cache: { hits: cache.stats.hits, misses: cache.stats.misses },
    };
    folder.writeJson('metrics.json', summary);
    writeRunDvcYaml(folder.dir, true);
    emit({ type: 'artifact-written', stageId: null, path: `${folder.dir}/metrics.json`, what: 'metrics' });
    folder.writeJson('status.json', {
      runId: folder.runId,
      state: 'completed',
      startedAt: new Date(started).toISOString(),
      endedAt: new Date().toISOString(),
      pid: process.pid,
    } satisfies RunStatus);
    emit({ type: 'run-completed', stageId: null, metrics, primary, durationMs: summary.durationMs });
    subscriber.complete();
  } catch (err) {
    const interrupted = signal.aborted;
    try {
      folder?.writeJson('status.json', {
        runId: folder.runId,
        state: interrupted ? 'interrupted' : 'failed',
        startedAt: new Date(started).toISOString(),
        endedAt: new Date().toISOString(),
        pid: process.pid,
        error: (err as Error).message,
      } satisfies RunStatus);
    } catch {
      // Reporting the failure matters more than recording it.
    }
    emit({ type: 'run-failed', stageId: null, error: errorInfo(err), durationMs: Date.now() - started });
    subscriber.error(err);
  }
}
