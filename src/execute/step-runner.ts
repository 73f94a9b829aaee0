import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { StepCache } from '../cache/step-cache.js';
import { contentKey } from '../util/content-key.js';
import type { CompiledStage } from '../compile/compiled-pipeline.js';
import type { PortType } from '../core/port-type.js';
import type { LoadedDataset } from '../data/dataset.js';
import type { SplitIndices } from '../data/split.js';
import { errorInfo, type EventPayload } from '../events/run-event.js';
import { StageError, PipelineError } from '../errors/pipeline-error.js';
import { readItems, writeItems } from '../io/item-file.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import type { ExecutionPlan, PlanStep } from '../plan/execution-plan.js';
import type { ServiceLookup } from '../services/service-kind.js';
import type { Item, LabelValue, Metrics } from '../core/item.js';
import type { FitSplit, Stage } from '../stage/stage.js';
import { createStage } from './create-stage.js';
import type { RunFolder } from './run-folder.js';
import type { RunServices } from './run-request.js';
import { codeVersion } from '../util/code-version.js';
import { roundMetric } from '../core/metric-direction.js';

export interface StepRunnerOptions {
  readonly plan: ExecutionPlan;
  readonly data: LoadedDataset;
  readonly split: SplitIndices;
  readonly dataKey: string;
  readonly cache: StepCache;
  /** Where trained stages are copied (absent when only evaluating). */
  readonly folder: RunFolder | undefined;
  readonly services: RunServices;
  readonly emit: (e: EventPayload) => void;
  readonly signal: AbortSignal;
  readonly backend: string;
  /** The pipeline's services (e.g. the lexicon), for the stages that inject them. */
  readonly pipelineServices: ServiceLookup;
  readonly evaluationSplit: 'test' | 'validation' | 'train';
  /** Load trained stages from this run folder instead of training (concertina eval). */
  readonly loadFrom?: RunFolder;
  /** Stop after this stage (training a transfer source). */
  readonly until?: string;
  /** Finds the trained network a node with `init` starts from (see transfer-source.ts). */
  readonly resolveInit?: (stage: CompiledStage) => Promise<TransferSource>;
}

/** A resolved transfer source: the model folder and a fingerprint of its content (part of the cache key). */
export interface TransferSource {
  readonly modelDir: string;
  readonly source: string;
  readonly fingerprint: string;
}

/**
 * Executes a plan's steps in order. Each step's result is looked up in the content-addressed cache
 * under a key of everything it depends on; on a miss the stage is fitted (on the training subset) and
 * applied, and its state, outputs and metrics are stored. Columns no later step needs are dropped.
 */
export class StepRunner {
  readonly durations: Record<string, number> = {};
  private readonly columns = new Map<string, (Item | undefined)[]>();
  private readonly keys = new Map<string, string>();
  private readonly types = new Map<string, PortType>();
  private readonly subsetKey: string;
  private readonly needed: number[];
  private readonly all: number[];

  constructor(private readonly o: StepRunnerOptions) {
    const { split } = o;
    this.subsetKey = contentKey({ train: split.train, validation: split.validation, test: split.test });
    this.needed = [...new Set([...split.train, ...split.validation, ...split.test])].sort((a, b) => a - b);
    this.all = o.data.examples.map((_, i) => i);
  }

  /** Runs every step; returns metrics per evaluated stage. */
  async runAll(): Promise<Record<string, Metrics>> {
    const metrics: Record<string, Metrics> = {};
    const remainingUses = new Map<string, number>();
    for (const st of this.o.plan.steps)
      for (const i of st.stage.inputs) remainingUses.set(i, (remainingUses.get(i) ?? 0) + 1);
    for (const step of this.o.plan.steps) {
      if (this.o.signal.aborted) throw this.o.signal.reason ?? new PipelineError('the run was interrupted');
      const m = await this.runStep(step);
      if (m) metrics[step.stage.id] = m;
      if (step.stage.id === this.o.until) break;
      for (const i of step.stage.inputs) {
        const left = (remainingUses.get(i) ?? 1) - 1;
        remainingUses.set(i, left);
        if (left === 0) this.columns.delete(i);
      }
    }
    return metrics;
  }

  private async runStep(step: PlanStep): Promise<Metrics | undefined> {
    const s = step.stage;
    const t0 = Date.now();
    const emit = this.o.emit;
    const transfer = s.init && !this.o.loadFrom ? await this.resolveInit(s) : undefined;
    const key = contentKey({
      ...step.keyParts,
      inputs: step.action === 'source' ? [this.o.dataKey] : s.inputs.map((i) => this.keys.get(i)),
      ...(step.scope === 'subset' ? { subset: this.subsetKey } : {}),
      ...(step.action === 'fit' ? { backend: this.o.backend } : {}),
      evaluation: s.supervision ? this.o.evaluationSplit : null,
      ...(transfer ? { transferSource: transfer.fingerprint } : {}),
      code: codeVersion(),
    });
    this.keys.set(s.id, key);
    if (step.action === 'source') {
      emit({ type: 'stage-started', stageId: s.id, kind: s.kind, action: 'transform' });
      this.columns.set(
        s.id,
        this.o.data.examples.map((e) => e.input),
      );
      this.types.set(s.id, s.outputType);
      this.durations[s.id] = Date.now() - t0;
      emit({ type: 'stage-completed', stageId: s.id, kind: s.kind, cached: false, durationMs: this.durations[s.id]! });
      return undefined;
    }
    const stage = await this.createStage(
      s,
      transfer,
      step.action === 'fit' ? this.o.cache.checkpointDir(key) : undefined,
    );
    let release: (() => void) | undefined;
    try {
      const fromRun = this.o.loadFrom?.stageDir(s.id);
      let hit = fromRun ? undefined : this.o.cache.lookup(key, s.id);
      if (!fromRun && !hit) {
        // Another trial may be computing this very step: wait for it rather than do it twice.
        release = await this.o.cache.lock(key, this.o.signal);
        if (this.o.cache.complete(key)) hit = this.o.cache.dir(key);
      }
      emit({
        type: 'stage-started',
        stageId: s.id,
        kind: s.kind,
        action: fromRun || hit ? 'load' : step.action === 'fit' ? 'fit' : 'transform',
      });
      const metrics = fromRun
        ? await this.loadFromRun(step, stage, fromRun)
        : hit
          ? this.reuse(s, stage, hit)
          : await this.compute(step, stage, key);
      this.durations[s.id] = Date.now() - t0;
      emit({
        type: 'stage-completed',
        stageId: s.id,
        kind: s.kind,
        cached: hit !== undefined,
        durationMs: this.durations[s.id]!,
        ...(metrics ? { metrics } : {}),
      });
      return metrics;
    } catch (err) {
      emit({ type: 'stage-failed', stageId: s.id, error: errorInfo(err) });
      if (err instanceof PipelineError) throw err;
      throw new StageError(`stage \`${s.id}\` (${s.kind}) failed: ${(err as Error).message}`, {
        location: { stageId: s.id },
        cause: err,
      });
    } finally {
      release?.();
      stage.dispose?.();
    }
  }

  /** A stage of a finished run (concertina eval): its saved state, applied to the examples. */
  private async loadFromRun(step: PlanStep, stage: Stage, dir: string): Promise<Metrics | undefined> {
    const s = step.stage;
    if (stage.load && existsSync(dir)) await stage.load(dir);
    else if (step.action === 'fit')
      throw new StageError(`the run folder has no saved model for stage \`${s.id}\` (${dir})`, {
        location: { stageId: s.id },
        hint: 'the run did not finish; run it again',
      });
    this.columns.set(s.id, await this.transform(stage, s, this.indicesOf(step)));
    return this.evaluate(stage, s);
  }

  /** A step computed before: its outputs and metrics from the cache entry. */
  private reuse(s: CompiledStage, stage: Stage, entry: string): Metrics | undefined {
    this.columns.set(s.id, readItems(path.join(entry, 'outputs.bin')));
    const m = path.join(entry, 'metrics.json');
    if (stage.save && this.o.folder) this.publishStage(s.id, entry);
    return existsSync(m) ? (JSON.parse(readFileSync(m, 'utf8')) as Metrics) : undefined;
  }

  /** Fits (when the stage learns), applies and evaluates the stage, and stores all of it under `key`. */
  private async compute(step: PlanStep, stage: Stage, key: string): Promise<Metrics | undefined> {
    const s = step.stage;
    if (step.action === 'fit') {
      if (!stage.fit)
        throw new StageError(`stage kind \`${s.kind}\` says it learns but has no fit()`, {
          location: { stageId: s.id },
        });
      await stage.fit({
        train: this.fitSplit(s, this.o.split.train),
        validation: this.o.split.validation.length ? this.fitSplit(s, this.o.split.validation) : undefined,
      });
    }
    const column = await this.transform(stage, s, this.indicesOf(step));
    this.columns.set(s.id, column);
    const metrics = this.evaluate(stage, s);
    const entry = await this.o.cache.store(
      key,
      { what: `stage ${s.id} (${s.kind})`, parts: step.keyParts },
      async (dir) => {
        await stage.save?.(dir);
        writeItems(path.join(dir, 'outputs.bin'), column);
        if (metrics) writeJsonAtomic(path.join(dir, 'metrics.json'), metrics);
      },
    );
    if (stage.save && this.o.folder) this.publishStage(s.id, entry);
    return metrics;
  }

  /** Per-example steps run on every example (shared by all subsets); the others on the split's. */
  private indicesOf(step: PlanStep): readonly number[] {
    return step.scope === 'all' ? this.all : this.needed;
  }

  /** The outputs of a stage no later step consumed (the pipeline's outputs), by example index, after runAll. */
  outputsOf(stageId: string): readonly (Item | undefined)[] | undefined {
    return this.columns.get(stageId);
  }

  /** The cache key a stage's result was stored under (after runAll). */
  keyOf(stageId: string): string | undefined {
    return this.keys.get(stageId);
  }

  private async resolveInit(s: CompiledStage): Promise<TransferSource> {
    if (!this.o.resolveInit)
      throw new StageError(`stage \`${s.id}\` is transferred but this run cannot resolve transfer sources`, {
        location: { stageId: s.id },
      });
    return this.o.resolveInit(s);
  }

  private createStage(s: CompiledStage, transfer?: TransferSource, checkpointDir?: string): Promise<Stage> {
    return createStage(s, {
      ...(transfer ? { initFrom: transfer } : {}),
      ...(checkpointDir ? { checkpointDir } : {}),
      services: this.o.services,
      labels: this.o.data.labels,
      pipelineServices: this.o.pipelineServices,
      serviceNames: this.o.plan.pipeline.services,
      emit: this.o.emit,
      signal: this.o.signal,
      types: this.types,
    });
  }

  private publishStage(id: string, from: string): void {
    const to = this.o.folder!.copyStage(id, from);
    this.o.emit({ type: 'artifact-written', stageId: id, path: to, what: 'stage model' });
  }

  private fitSplit(s: CompiledStage, indices: readonly number[]): FitSplit {
    return {
      inputs: s.inputs.map((i) => indices.map((j) => this.column(i, j))),
      labels: s.supervision ? this.labels(s.supervision, indices) : [],
      ...(s.heads ? { aux: this.auxLabels(s, indices) } : {}),
    };
  }

  private labels(name: string, indices: readonly number[]): LabelValue[] {
    return indices.map((j) => this.o.data.examples[j]!.labels[name] ?? null);
  }

  private auxLabels(s: CompiledStage, indices: readonly number[]): Record<string, LabelValue[]> {
    return Object.fromEntries((s.heads?.extra ?? []).map((h) => [h.supervision, this.labels(h.supervision, indices)]));
  }

  private column(id: string, j: number): Item {
    const x = this.columns.get(id)?.[j];
    if (!x) throw new Error(`internal: no output of \`${id}\` for example ${j}`);
    return x;
  }

  /** Applies a stage to the given examples in chunks, reporting progress. */
  private async transform(stage: Stage, s: CompiledStage, indices: readonly number[]): Promise<(Item | undefined)[]> {
    const out: (Item | undefined)[] = new Array(this.o.data.examples.length);
    const chunk = 256;
    for (let k = 0; k < indices.length; k += chunk) {
      if (this.o.signal.aborted) throw this.o.signal.reason;
      const ids = indices.slice(k, k + chunk);
      const results = await stage.transform(s.inputs.map((i) => ids.map((j) => this.column(i, j))));
      if (results.length !== ids.length)
        throw new StageError(`stage \`${s.id}\` returned ${results.length} outputs for ${ids.length} inputs`, {
          location: { stageId: s.id },
        });
      ids.forEach((j, n) => (out[j] = results[n]));
    }
    return out;
  }

  private evaluate(stage: Stage, s: CompiledStage): Metrics | undefined {
    if (!s.supervision || !stage.evaluate) return undefined;
    const ids = this.o.split[this.o.evaluationSplit];
    if (ids.length === 0) return undefined;
    const col = this.columns.get(s.id)!;
    const metrics = stage.evaluate(
      ids.map((j) => col[j]!),
      this.labels(s.supervision, ids),
    );
    if (s.heads?.extra.length && stage.evaluateAux) {
      Object.assign(
        metrics,
        stage.evaluateAux(
          s.inputs.map((i) => ids.map((j) => this.column(i, j))),
          this.auxLabels(s, ids),
        ),
      );
    }
    // Rounded once, here: every file, event, report and --json output shows the same figures.
    return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, roundMetric(v)]));
  }
}
