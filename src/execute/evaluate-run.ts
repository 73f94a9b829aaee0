import path from 'node:path';
import { existsSync } from 'node:fs';
import { StepCache } from '../cache/step-cache.js';
import type { EventPayload } from '../events/run-event.js';
import { PipelineError } from '../errors/pipeline-error.js';
import type { PipelineSpec } from '../spec/generated/pipeline-spec.js';
import { validateSpec } from '../spec/load-spec.js';
import type { Metrics } from '../core/item.js';
import { loadPipelineData } from './pipeline-data.js';
import { preparePlan } from '../plan/prepare-plan.js';
import { primaryMetricOf } from './primary-metric.js';
import { RunFolder } from './run-folder.js';
import type { BackendChoice, RunServices } from './run-request.js';
import { modeOf } from '../spec/spec-mode.js';
import { StepRunner } from './step-runner.js';

export interface EvaluateOptions {
  readonly runDir: string;
  /** Evaluate on this data instead (a folder or file for the dataset's `path`); every example is test data. */
  readonly data?: string;
  readonly cacheDir: string;
  readonly backend?: BackendChoice;
  readonly onEvent?: (e: EventPayload) => void;
}

export interface EvaluationResult {
  readonly runId: string;
  readonly pipeline: string;
  readonly mode: string;
  readonly data: string;
  readonly counts: { readonly test: number; readonly skipped: number };
  /** The files left out (unreadable, not matching the pattern...) and why. */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  readonly metrics: Record<string, Metrics>;
  readonly primary: { readonly stageId: string; readonly metric: string; readonly value: number } | undefined;
}

/**
 * Loads a finished run (its resolved spec and saved stages) and evaluates it again, on its own test
 * split or on other data with the same layout (`--data`).
 */
export async function evaluateRun(o: EvaluateOptions, services: RunServices): Promise<EvaluationResult> {
  const folder = RunFolder.open(o.runDir);
  if (!folder.has('spec.json'))
    throw new PipelineError(`${o.runDir} is not a run folder (no spec.json)`, {
      location: { file: o.runDir },
      hint: 'pass a folder under runs/ (see `concertina runs`)',
    });
  const status = folder.has('status.json') ? folder.readJson<{ state: string }>('status.json') : { state: 'unknown' };
  if (status.state !== 'completed')
    throw new PipelineError(
      `run ${folder.runId} did not complete (state: ${status.state}); it has no trained stages to evaluate`,
      { location: { file: o.runDir }, hint: 'run the pipeline again' },
    );
  const raw = folder.readJson<PipelineSpec>('spec.json');
  if (o.data !== undefined) {
    if (!existsSync(o.data)) throw new PipelineError(`--data ${o.data} does not exist`, { location: { file: o.data } });
    // Every file given is evaluated: the training run's `limit` (files per word) does not apply here.
    const { limit: _limit, ...params } = (raw.dataset.params ?? {}) as Record<string, unknown>;
    raw.dataset = { ...raw.dataset, params: { ...params, path: path.resolve(o.data) }, onBadFile: 'skip' };
  }
  const loaded = validateSpec(raw, path.join(folder.dir, 'spec.json'), {}, folder.dir);
  const spec = loaded.spec;
  const plan = preparePlan(loaded, services.catalog, modeOf(spec));
  const backend = await services.selectBackend(o.backend ?? spec.training?.backend ?? 'auto');
  const emit = o.onEvent ?? (() => {});
  const cache = new StepCache(o.cacheDir);
  const {
    data,
    key,
    split,
    services: pipelineServices,
  } = await loadPipelineData(loaded, plan, services, {
    cache,
    allTest: o.data !== undefined,
  });
  const runner = new StepRunner({
    plan,
    data,
    split,
    dataKey: key,
    cache,
    folder: undefined,
    services,
    emit,
    signal: new AbortController().signal,
    backend: backend.name,
    pipelineServices,
    evaluationSplit: 'test',
    loadFrom: folder,
  });
  const metrics = await runner.runAll();
  return {
    runId: folder.runId,
    pipeline: spec.name,
    mode: modeOf(spec),
    data: o.data ?? "the run's own test split",
    counts: { test: split.test.length, skipped: data.skipped.length },
    skipped: data.skipped,
    metrics,
    primary: primaryMetricOf(plan.pipeline.primaryOutput, metrics, spec.evaluation?.primaryMetric),
  };
}
