import { compilePipeline } from '../compile/compile-pipeline.js';
import type { CompiledPipeline } from '../compile/compiled-pipeline.js';
import type { Catalog } from '../compile/catalog.js';
import { planPipeline, type ExecutionPlan } from '../plan/execution-plan.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { PHONE_ALPHABET_SIZE } from '../speech/phone-alphabet-size.js';
import { collapseEndToEnd } from '../transforms/collapse.js';
import { applyTransforms } from '../transforms/apply-transforms.js';

/** Compiles a loaded spec, applies the mode's transforms and plans it. Pure (no tf, no I/O). */
export function preparePlan(
  loaded: LoadedSpec,
  catalog: Catalog,
  modeOverride?: 'staged' | 'end-to-end',
): ExecutionPlan {
  const mode = modeOverride ?? loaded.spec.mode ?? 'staged';
  const compiled: CompiledPipeline = compilePipeline(loaded.spec, catalog, {
    file: loaded.file,
    phoneAlphabetSize: loaded.spec.lexicon ? PHONE_ALPHABET_SIZE : undefined,
  });
  const collapsed = mode === 'end-to-end' ? collapseEndToEnd(compiled, catalog) : compiled;
  return planPipeline(applyTransforms(collapsed), mode);
}
