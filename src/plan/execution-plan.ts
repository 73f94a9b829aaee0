import type { CompiledPipeline, CompiledStage } from '../compile/compiled-pipeline.js';
import { fitKind } from '../compile/stage-descriptor.js';
import type { Mode } from '../core/mode.js';
import type { TransformRecord } from '../transforms/apply-transforms.js';

/**
 * One step of a plan. `scope: all` steps are per-example functions of the data alone (features):
 * computed once over the whole dataset and shared by every training subset and trial; `subset`
 * steps depend on which examples were trained on.
 */
export interface PlanStep {
  readonly stage: CompiledStage;
  readonly action: 'source' | 'transform' | 'fit';
  readonly scope: 'all' | 'subset';
  /** What the step's result depends on besides its inputs' keys and the data (part of its cache key). */
  readonly keyParts: Readonly<Record<string, unknown>>;
}

/** A pipeline ready to run: the graph as compiled, what each transform changed, and the ordered steps. */
export interface ExecutionPlan {
  readonly mode: Mode;
  /** The graph as the spec's stages describe it, before any transform. */
  readonly compiled: CompiledPipeline;
  /** What each transform changed, in the order they were applied. */
  readonly rewrites: readonly TransformRecord[];
  /** The graph that runs. */
  readonly pipeline: CompiledPipeline;
  readonly steps: readonly PlanStep[];
}

/** Orders the (transformed) pipeline into steps. Pure. */
export function planPipeline(
  pipeline: CompiledPipeline,
  mode: Mode,
  compiled: CompiledPipeline = pipeline,
  rewrites: readonly TransformRecord[] = [],
): ExecutionPlan {
  const scope = new Map<string, 'all' | 'subset'>();
  const steps: PlanStep[] = pipeline.order.map((id) => {
    const s = pipeline.graph.node(id)!;
    const fit = fitKind(s.descriptor, s.params);
    const fits = fit !== 'none';
    const action: PlanStep['action'] = s.inputs.length === 0 ? 'source' : fits ? 'fit' : 'transform';
    const sc = fits || s.inputs.some((i) => scope.get(i) === 'subset') ? 'subset' : 'all';
    scope.set(id, sc);
    return { stage: s, action, scope: sc, keyParts: keyParts(s, fit === 'supervised') };
  });
  return { mode, compiled, rewrites, pipeline, steps };
}

/** What a node's result depends on besides its inputs and data: its kind and params, and what transforms set. */
function keyParts(s: CompiledStage, supervised: boolean): Record<string, unknown> {
  return {
    kind: s.kind,
    version: s.descriptor.version,
    params: s.params,
    ...(s.members
      ? { members: s.members.map((m) => ({ id: m.id, kind: m.kind, version: m.descriptor.version, params: m.params })) }
      : {}),
    ...(s.heads ? { heads: s.heads } : {}),
    ...(s.init ? { init: s.init } : {}),
    // Training settings (and the stage id, which seeds the stage) matter only to supervised training.
    ...(supervised ? { training: s.training, supervision: s.supervision ?? null, stageId: s.id } : {}),
  };
}
