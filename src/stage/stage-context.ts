import type { PortType } from '../compile/port-type.js';
import type { LabelInfo } from '../data/label-info.js';
import type { Lexicon } from '../speech/lexicon.js';
import type { ResolvedTraining } from '../spec/resolved-training.js';
import type { TransferTransform } from '../spec/generated/transforms/transfer.js';
import type { MultitaskTransform } from '../spec/generated/transforms/multitask.js';

/** What a stage reports while it works; the runner turns these into typed events. */
export interface StageReporter {
  epoch(e: { epoch: number; epochs: number; loss: number; metrics: Record<string, number>; best: boolean }): void;
  batch(b: { epoch: number; batch: number; batches: number; loss?: number }): void;
  log(level: 'info' | 'warn', message: string): void;
}

/** Everything one stage of one run is given, injected into its constructor under STAGE_CONTEXT. */
export interface StageContext<P = Record<string, unknown>> {
  readonly stageId: string;
  readonly kind: string;
  /** Validated params with defaults filled in. */
  readonly params: P;
  /** The stage's own seed, derived from the run seed and the stage id. */
  readonly seed: number;
  readonly training: ResolvedTraining;
  /** Types of the inputs and output, with dims resolved from the loaded data. */
  readonly inputTypes: readonly PortType[];
  readonly outputType: PortType;
  /** The supervision the stage trains on or is evaluated against, with its class names or alphabet. */
  readonly supervision: (LabelInfo & { readonly name: string }) | undefined;
  readonly lexicon: Lexicon | undefined;
  readonly report: StageReporter;
  readonly signal: AbortSignal;
  /** Where a training stage keeps epoch checkpoints, so an interrupted run continues where it stopped. */
  readonly checkpointDir?: string;
  /** Set by a transfer transform: the trained model to start from. */
  readonly transfer?: { readonly config: TransferTransform; readonly modelDir: string; readonly source: string };
  /** Set by a multitask transform: the auxiliary heads' labels. */
  readonly multitask?: {
    readonly config: MultitaskTransform;
    readonly heads: readonly (LabelInfo & { readonly name: string })[];
  };
}
