import type { Graph } from '@dagrejs/graphlib';
import type { DatasetDescription } from '../core/dataset-description.js';
import type { Mode } from '../core/mode.js';
import type { PortType } from '../core/port-type.js';
import type { DatasetKind } from '../data/dataset.js';
import type { PipelineSpec } from '../spec/generated/pipeline-spec.js';
import type { ResolvedTraining } from '../spec/resolved-training.js';
import type { StageDescriptor } from './stage-descriptor.js';

/**
 * One node of the pipeline graph: a stage with its kind descriptor, resolved types and training
 * settings. Compile makes one per spec stage; transforms may replace, add or annotate nodes with the
 * generic attributes below, which the runtime executes without knowing which transform set them.
 */
export interface CompiledStage {
  readonly id: string;
  /** JSON pointer of what defined the node: its spec stage (`/stages/2`) or a transform (`/transforms/0`). */
  readonly pointer: string;
  readonly kind: string;
  readonly descriptor: StageDescriptor;
  readonly params: Record<string, unknown>;
  readonly inputs: readonly string[];
  readonly supervision: string | undefined;
  readonly inputTypes: readonly PortType[];
  readonly outputType: PortType;
  readonly training: ResolvedTraining;
  /** Stages built into this node's one network, in order (a collapsed chain). */
  readonly members?: readonly CompiledStage[];
  /** Heads trained on the node's network besides its own supervision (multi-task). */
  readonly heads?: HeadsPlan;
  /** Trained weights the node's network starts from (transfer). */
  readonly init?: WeightInit;
}

/** The heads of a network node: its own supervision's (weighted) and extra ones, shared trunk or separate. */
export interface HeadsPlan {
  /** Loss weight of the node's own supervision. */
  readonly weight: number;
  readonly extra: readonly { readonly supervision: string; readonly weight: number }[];
  /** One network per head (and per output of a multi-label head) instead of one shared trunk. */
  readonly separate: boolean;
}

/** Where trained weights come from: a saved model folder, a stage of a finished run, or of another spec. */
export type WeightSource =
  | { readonly model: string }
  | { readonly run: string; readonly stage?: string }
  | {
      readonly spec: string;
      readonly stage?: string;
      readonly mode?: Mode;
      readonly set?: Readonly<Record<string, unknown>>;
    };

/** Which layers keep their weights fixed: all or none of the initialised ones, the first N, or by name. */
export type FreezeRule = 'all' | 'none' | number | readonly string[];

/** A network node's start from trained weights: the source's layers minus its head, frozen as asked. */
export interface WeightInit {
  /** Paths in it are relative to the spec's folder (resolved at run time, so cache keys hold no absolute path). */
  readonly from: WeightSource;
  /** Layers with weights dropped from the end of the source (its head). */
  readonly dropLayers: number;
  readonly freeze: FreezeRule;
  /** Gradual unfreezing: head alone for `after` epochs, then one more frozen layer every `every` epochs. */
  readonly unfreeze?: { readonly after: number; readonly every: number };
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
  /** Names of the pipeline services available to its stages (e.g. `lexicon`). */
  readonly services: ReadonlySet<string>;
  /** Stages whose metrics are reported as results (supervised sinks and evaluation.output). */
  readonly outputs: readonly string[];
  /** The stage whose metrics are the pipeline's overall result. */
  readonly primaryOutput: string;
}
