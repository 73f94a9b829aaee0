import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { StepCache } from '../cache/step-cache.js';
import type { CompiledStage } from '../compile/compiled-pipeline.js';
import { PipelineError } from '../errors/pipeline-error.js';
import type { Mode } from '../core/mode.js';
import type { EventPayload } from '../events/run-event.js';
import { loadPipelineData } from './pipeline-data.js';
import { preparePlan } from '../plan/prepare-plan.js';
import type { RunServices } from './run-request.js';
import { StepRunner, type TransferSource } from './step-runner.js';
import { loadSpec } from '../spec/load-spec.js';

export interface TransferContext {
  /** Folder of the spec that declares the transfer (relative paths start there). */
  readonly specDir: string;
  readonly specFile: string;
  readonly services: RunServices;
  readonly cache: StepCache;
  readonly backend: string;
  readonly emit: (e: EventPayload) => void;
  readonly signal: AbortSignal;
}

/**
 * Finds the trained network a node's `init` (set by a transfer transform) starts from: a saved
 * model folder, a stage of a finished run, or a stage of another spec, which is trained here first
 * through the cache (so every trial of an ablation shares one pretraining, and a second use costs nothing).
 */
export async function resolveTransferSource(stage: CompiledStage, ctx: TransferContext): Promise<TransferSource> {
  const from = stage.init!.from as {
    spec?: string;
    run?: string;
    model?: string;
    stage?: string;
    mode?: Mode;
    set?: Record<string, unknown>;
  };
  if (from.model !== undefined) {
    const dir = path.resolve(ctx.specDir, from.model);
    requireModel(dir, `the model folder ${from.model}`, stage);
    return { modelDir: dir, source: `model ${from.model}`, fingerprint: folderHash(dir) };
  }
  if (from.run !== undefined) {
    const srcStage = from.stage ?? stage.id;
    const runDir = path.resolve(ctx.specDir, from.run);
    if (!existsSync(path.join(runDir, 'spec.json')))
      throw new PipelineError(`transfer source ${from.run} is not a run folder`, {
        location: { file: ctx.specFile, stageId: stage.id },
        hint: 'give a folder under runs/ (see `concertina runs`)',
      });
    const dir = path.join(runDir, 'stages', srcStage);
    requireModel(dir, `stage \`${srcStage}\` of run ${path.basename(runDir)}`, stage);
    return {
      modelDir: dir,
      source: `stage \`${srcStage}\` of run ${path.basename(runDir)}`,
      fingerprint: folderHash(dir),
    };
  }
  const file = path.resolve(ctx.specDir, from.spec!);
  const loaded = await loadSpec(file, {
    overrides: Object.entries(from.set ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
  });
  const plan = preparePlan(loaded, ctx.services.catalog, from.mode);
  const srcStage = from.stage ?? stage.id;
  if (!plan.steps.some((s) => s.stage.id === srcStage)) {
    throw new PipelineError(`the transfer source spec ${from.spec} has no stage \`${srcStage}\` in ${plan.mode} mode`, {
      location: { file: ctx.specFile, stageId: stage.id },
      hint: `its stages: ${plan.steps.map((s) => s.stage.id).join(', ')}`,
    });
  }
  // Events of the source's training carry the stage as `source:<id>`.
  const emit = (e: EventPayload) =>
    ctx.emit({ ...e, stageId: e.stageId === null ? null : `source:${e.stageId}` } as EventPayload);
  emit({
    type: 'log',
    stageId: srcStage,
    level: 'info',
    message: `training the transfer source ${loaded.spec.name}:${srcStage} (${plan.mode}), or taking it from the cache`,
  });
  const data = await loadPipelineData(loaded, plan, ctx.services, { cache: ctx.cache, signal: ctx.signal });
  const runner = new StepRunner({
    plan,
    data: data.data,
    split: data.split,
    dataKey: data.key,
    cache: ctx.cache,
    folder: undefined,
    services: ctx.services,
    emit,
    signal: ctx.signal,
    backend: ctx.backend,
    pipelineServices: data.services,
    evaluationSplit: 'test',
    until: srcStage,
    resolveInit: (s) => resolveTransferSource(s, { ...ctx, specDir: loaded.dir, specFile: loaded.file }),
  });
  await runner.runAll();
  const key = runner.keyOf(srcStage)!;
  const dir = ctx.cache.dir(key);
  requireModel(dir, `stage \`${srcStage}\` of ${from.spec}`, stage);
  return { modelDir: dir, source: `stage \`${srcStage}\` of ${loaded.spec.name} (${from.spec})`, fingerprint: key };
}

function requireModel(dir: string, what: string, stage: CompiledStage): void {
  if (!existsSync(path.join(dir, 'model.json'))) {
    throw new PipelineError(`${what} has no saved network (${path.join(dir, 'model.json')} is missing)`, {
      location: { stageId: stage.id },
      hint: 'transfer takes a trained network stage (a phoneme model, a classifier, the end-to-end network)',
    });
  }
}

/** A content hash of a model folder's files. */
function folderHash(dir: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) {
    if (f === 'entry.json') continue;
    h.update(f);
    try {
      h.update(readFileSync(path.join(dir, f)));
    } catch {
      // a subfolder (separate networks): its files are covered by their own names below
    }
  }
  return h.digest('hex');
}
