import { compilePipeline } from '../compile/compile-pipeline.js';
import type { Mode } from '../core/mode.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { applyTransforms, transformsOf } from '../transforms/apply-transforms.js';
import type { TransformCatalog } from '../transforms/transform-kind.js';
import { modeOf } from '../spec/spec-mode.js';
import { planPipeline, type ExecutionPlan } from './execution-plan.js';

/** Compiles a loaded spec, applies its transforms (the mode's collapse first) and plans it. Pure. */
export function preparePlan(loaded: LoadedSpec, catalog: TransformCatalog, modeOverride?: Mode): ExecutionPlan {
  const mode = modeOf(loaded.spec, modeOverride);
  const compiled = compilePipeline(loaded.spec, catalog, { file: loaded.file });
  const { pipeline, records } = applyTransforms(compiled, transformsOf(compiled, mode), catalog);
  return planPipeline(pipeline, mode, compiled, records);
}
