/**
 * The public API of concertina (`concertina`): assembling the app, loading, checking, planning, running
 * and evaluating pipelines, ablations, events and errors, plus everything `concertina/plugin` gives
 * plugin authors. The rest is internal and may change.
 */
export * from './api/plugin.js';
export { createConcertina, specPlugins } from './container/create-concertina.js';
export type { Concertina, ConcertinaOptions } from './container/create-concertina.js';
export type { PluginRef } from './container/load-plugins.js';
export { stageModule } from './container/stage-module.js';
export { loadSpec, parseSpec, validateSpec } from './spec/load-spec.js';
export type { LoadedSpec, LoadOptions } from './spec/load-spec.js';
export type { PipelineSpec } from './spec/generated/pipeline-spec.js';
export { compilePipeline } from './compile/compile-pipeline.js';
export {
  applyTransforms,
  transformsOf,
  type TransformRecord,
  type TransformUse,
} from './transforms/apply-transforms.js';
export { preparePlan } from './plan/prepare-plan.js';
export { planPipeline, type ExecutionPlan, type PlanStep } from './plan/execution-plan.js';
export { describePlan } from './plan/describe-plan.js';
export { planToDot } from './plan/plan-dot.js';
export { planToJson } from './plan/plan-json.js';
export { checkPipeline } from './execute/check-pipeline.js';
export { runPipeline, type RunSummary } from './execute/run-pipeline.js';
export type { BackendChoice, RunRequest, RunServices } from './execute/run-request.js';
export { evaluateRun, type EvaluateOptions, type EvaluationResult } from './execute/evaluate-run.js';
export { runAblation, type AblationRequest } from './ablation/run-ablation.js';
export { exportRun, type ExportOptions, type ExportResult } from './export/export-run.js';
export { readBundle } from './export/read-bundle.js';
export type { RunEvent, RunEventType, ErrorInfo } from './events/run-event.js';
export { subscribeSafely } from './events/safe-observer.js';
export type { Catalog } from './registry/catalog.js';
