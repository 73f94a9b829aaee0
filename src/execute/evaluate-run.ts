import path from 'node:path';
import { existsSync } from 'node:fs';
import { StepCache } from '../cache/step-cache.js';
import type { EventPayload } from '../events/run-event.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { validateSpec } from '../spec/load-spec.js';
import type { Metrics } from '../core/item.js';
import { loadPipelineData } from './pipeline-data.js';
import { preparePlan } from '../plan/prepare-plan.js';
import { primaryMetricOf } from './primary-metric.js';
import { openFinishedRun } from './finished-run.js';
import type { BackendChoice, RunServices } from './run-request.js';
import { modeOf } from '../spec/spec-mode.js';
import { StepRunner } from './step-runner.js';
import type { CompiledPipeline } from '../compile/compiled-pipeline.js';
import type { LoadedDataset } from '../data/dataset.js';
import { bestWords } from '../speech/hypotheses.js';

export interface EvaluateOptions {
  readonly runDir: string;
  /** Evaluate on this data instead (a folder or file for the dataset's `path`); every example is test data. */
  readonly data?: string;
  readonly cacheDir: string;
  readonly backend?: BackendChoice;
  readonly onEvent?: (e: EventPayload) => void;
  /** Also return the output stage's words for every test example (`concertina eval --predictions`). */
  readonly predictions?: boolean;
}

/**
 * The words the pipeline's output stage gave for one example: its predicted class, for a classifier; the
 * outputs it finds present (probability 0.5 or more), for a multi-label one.
 */
export interface Prediction {
  readonly id: string;
  readonly source: string | undefined;
  readonly words: readonly string[];
  /** A classifier's scores as its stage gives them: class log-probabilities, or a probability per output. */
  readonly scores?: readonly number[];
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
  readonly predictions?: readonly Prediction[];
}

/**
 * Loads a finished run (its resolved spec and saved stages) and evaluates it again, on its own test
 * split or on other data with the same layout (`--data`).
 */
export async function evaluateRun(o: EvaluateOptions, services: RunServices): Promise<EvaluationResult> {
  const { folder, spec: raw } = openFinishedRun(o.runDir, 'evaluate');
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
  const predictions = o.predictions ? predictionsOf(runner, plan.pipeline, data, split.test) : undefined;
  return {
    runId: folder.runId,
    pipeline: spec.name,
    mode: modeOf(spec),
    data: o.data ?? "the run's own test split",
    counts: { test: split.test.length, skipped: data.skipped.length },
    skipped: data.skipped,
    metrics,
    primary: primaryMetricOf(plan.pipeline.primaryOutput, metrics, spec.evaluation?.primaryMetric),
    ...(predictions ? { predictions } : {}),
  };
}

/**
 * The output stage's words (its best hypothesis, for an n-best list), its predicted class (the likeliest of a
 * class label's scores) or the outputs a multi-label classifier finds present, for each test example.
 */
function predictionsOf(
  runner: StepRunner,
  pipeline: CompiledPipeline,
  data: LoadedDataset,
  test: readonly number[],
): Prediction[] {
  const stage = pipeline.graph.node(pipeline.primaryOutput)!;
  const outputs = runner.outputsOf(stage.id);
  const label = stage.supervision ? data.labels[stage.supervision] : undefined;
  const kind = stage.outputType.kind;
  const classes = kind === 'scores' && label?.kind === 'class';
  const multiLabel = kind === 'scores' && label?.kind === 'multi-label';
  if (!outputs || !label || !(['tokens', 'hypotheses'].includes(kind) || classes || multiLabel))
    throw new PipelineError(
      `the output stage \`${stage.id}\` gives neither words nor classes: --predictions cannot name its outputs`,
      { location: { stageId: stage.id } },
    );
  const names = label.names;
  return test.map((i) => {
    const x = outputs[i]!;
    const ids = classes
      ? [argmax(x.data)]
      : multiLabel
        ? Array.from(x.data.keys()).filter((k) => x.data[k]! >= 0.5)
        : kind === 'hypotheses'
          ? bestWords(x)
          : Array.from(x.data);
    const e = data.examples[i]!;
    return {
      id: e.id,
      source: e.source,
      words: ids.map((w) => names[w] ?? `#${w}`),
      ...(classes || multiLabel ? { scores: Array.from(x.data) } : {}),
    };
  });
}

function argmax(v: Float32Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}
