/**
 * The public API of concertina. Everything a library user or a plugin author needs; the rest is
 * internal and may change.
 */
export { createConcertina, specPlugins } from './container/create-concertina.js';
export type { Concertina, ConcertinaOptions } from './container/create-concertina.js';
export { loadSpec, parseSpec, validateSpec } from './spec/load-spec.js';
export type { LoadedSpec, LoadOptions } from './spec/load-spec.js';
export type { PipelineSpec } from './spec/generated/pipeline-spec.js';
export { compilePipeline } from './compile/compile-pipeline.js';
export type { CompiledPipeline, CompiledStage } from './compile/compiled-pipeline.js';
export { preparePlan } from './execute/prepare-pipeline.js';
export { checkPipeline } from './execute/check-pipeline.js';
export { planPipeline, describePlan, planToDot } from './plan/execution-plan.js';
export type { ExecutionPlan, PlanStep } from './plan/execution-plan.js';
export { runPipeline } from './execute/run-pipeline.js';
export type { RunSummary } from './execute/run-pipeline.js';
export type { RunRequest, RunServices, BackendChoice } from './execute/run-request.js';
export { evaluateRun } from './execute/evaluate-run.js';
export type { RunEvent, RunEventType, ErrorInfo } from './events/run-event.js';
export { subscribeSafely } from './events/safe-observer.js';
export { PipelineError, SpecError, DataError, StageError, UsageError, formatProblem } from './errors/pipeline-error.js';
export type { Problem, Location } from './errors/pipeline-error.js';
export { stageModule, asInjectableStage } from './stage/stage-module.js';
export type { StageClass, StageKindEntry } from './stage/stage-module.js';
export { STAGE_CONTEXT, STAGE_KIND, DATASET_KIND } from './stage/tokens.js';
export type { Stage, FitData, FitSplit, NetworkMember, LayerFactory } from './stage/stage.js';
export type { StageContext, StageReporter } from './stage/stage-context.js';
export type { StageDescriptor, CompileContext, EndToEndRole } from './stage/stage-descriptor.js';
export type { Item, LabelValue, Metrics } from './stage/item.js';
export { NetworkStage } from './stage/network-stage.js';
export type { DatasetKind, DatasetDescription, LoadedDataset, Example } from './data/dataset.js';
export type { PortType, PortKind, PortPattern } from './compile/port-type.js';
export type { Head } from './train/head.js';
