import type { Graph } from '@dagrejs/graphlib';
import type { DatasetDescription, DatasetKind } from '../data/dataset.js';
import type { PipelineSpec, Stage as StageSpec } from '../spec/generated/pipeline-spec.js';
import type { ResolvedTraining } from '../spec/resolved-training.js';
import type { StageDescriptor } from '../stage/stage-descriptor.js';
import type { PortType } from './port-type.js';
import type { TransferTransform } from '../spec/generated/transforms/transfer.js';
import type { MultitaskTransform } from '../spec/generated/transforms/multitask.js';

/** One stage after compilation: its spec, kind descriptor, resolved types and training settings. */
export interface CompiledStage {
  readonly id: string;
  /** Index in the spec's stages array (for JSON pointers); -1 for stages added by transforms. */
  readonly index: number;
  readonly kind: string;
  readonly descriptor: StageDescriptor;
  readonly params: Record<string, unknown>;
  readonly inputs: readonly string[];
  readonly supervision: string | undefined;
  readonly inputTypes: readonly PortType[];
  readonly outputType: PortType;
  readonly training: ResolvedTraining;
  readonly spec: StageSpec;
  /** Transfer and multi-task settings the spec's transforms put on this stage. */
  readonly transfer?: TransferTransform;
  readonly multitask?: MultitaskTransform;
}

/** An edge of the pipeline graph: which input port of the target the source feeds. */
export interface PipelineEdge {
  readonly port: number;
  readonly type: PortType;
}

/** The pure result of compiling a spec: a graphlib DAG of stages in topological order. */
export interface CompiledPipeline {
  readonly spec: PipelineSpec;
  readonly file: string | undefined;
  readonly graph: Graph<unknown, CompiledStage, PipelineEdge>;
  /** Stage ids in a topological order (ties in spec order). */
  readonly order: readonly string[];
  readonly dataset: {
    readonly kind: DatasetKind;
    readonly params: Record<string, unknown>;
    readonly description: DatasetDescription;
  };
  /** Stages whose metrics are reported as results (supervised sinks and evaluation.output). */
  readonly outputs: readonly string[];
  /** The stage whose metrics are the pipeline's overall result. */
  readonly primaryOutput: string;
}

/** The stage of a compiled pipeline, or an error (a programming error: ids come from the graph). */
export function stageOf(p: CompiledPipeline, id: string): CompiledStage {
  const s = p.graph.node(id);
  if (!s) throw new Error(`no stage ${id} in the compiled pipeline`);
  return s;
}
