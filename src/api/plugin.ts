/**
 * `concertina/plugin`: what a plugin author (and every built-in kind) writes kinds against: the core
 * vocabulary, the contracts of stage, dataset, transform and service kinds, graph editing for
 * transforms, errors and small utilities. Loads no tf: kind descriptors import only this.
 */
export type { Item, LabelValue, Metrics } from '../core/item.js';
export { item, steps } from '../core/item.js';
export type { PortKind, PortPattern, PortType } from '../core/port-type.js';
export { featureDim, formatPattern, formatPort, isSequence, mismatch } from '../core/port-type.js';
export type { LabelDescription, LabelInfo, LabelKind, NamedLabel } from '../core/label.js';
export type { DatasetDescription } from '../core/dataset-description.js';
export { higherIsBetter, roundMetric } from '../core/metric-direction.js';
export { MODES, isMode, type Mode } from '../core/mode.js';

export type { CollapseRole, CompileContext, FitKind, StageDescriptor } from '../compile/stage-descriptor.js';
export { fitKind } from '../compile/stage-descriptor.js';
export type {
  CompiledPipeline,
  CompiledStage,
  FreezeRule,
  HeadsPlan,
  PipelineEdge,
  WeightInit,
  WeightSource,
} from '../compile/compiled-pipeline.js';
export type { DatasetKind, DatasetLoadContext, Example, LoadedDataset } from '../data/dataset.js';
export type { ServiceKind, ServiceLookup } from '../services/service-kind.js';
export type {
  GraphChange,
  NewStage,
  TransformContext,
  TransformKind,
  TransformOutcome,
  TransformProblem,
} from '../transforms/transform-kind.js';
export { chainTo, freshId, insertBefore, rebuildPipeline, replaceNode } from '../transforms/graph-edit.js';

export type { FitData, FitSplit, NetworkMember, Stage } from '../stage/stage.js';
export type { BundleManifest, InferenceHead, InferenceOp, InferenceStage } from '../core/inference.js';
export type { StageContext, StageHeads, StageInit, StageReporter } from '../stage/stage-context.js';
export type { DescribedStageClass, StageClass, StageKind } from '../stage/stage-kind.js';
export { classStageKind, stageKind } from '../stage/stage-kind.js';
export { STAGE_CONTEXT } from '../stage/tokens.js';
export { definePlugin, type KindSet } from '../registry/kind-set.js';

export {
  DataError,
  PipelineError,
  SpecError,
  StageError,
  UsageError,
  formatProblem,
} from '../errors/pipeline-error.js';
export type { Location, Problem } from '../errors/pipeline-error.js';
export { writeFileAtomic, writeJsonAtomic } from '../io/atomic-write.js';
export { contentKey } from '../util/content-key.js';
export { pointer } from '../util/json-pointer.js';
export { loadSchema } from '../util/package-root.js';
export { Random, deriveSeed } from '../util/random.js';
export { didYouMean } from '../util/suggest.js';
