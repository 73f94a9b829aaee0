import type { LabelInfo, NamedLabel } from '../core/label.js';
import type { PortType } from '../core/port-type.js';
import type { ResolvedTraining } from '../spec/resolved-training.js';
import type { StageReporter } from '../train/reporter.js';
import type { TransferOptions } from '../train/transfer-weights.js';

export type { StageReporter };

/** The heads a network stage trains: its own supervision's (weighted) and extra ones (multi-task). */
export interface StageHeads {
  readonly weight: number;
  readonly extra: readonly { readonly label: NamedLabel; readonly weight: number }[];
  /** One network per head instead of a shared trunk (the single-task baseline). */
  readonly separate: boolean;
}

/** A trained network a stage starts from (transfer): where it is, what it is, how to take its layers. */
export interface StageInit extends TransferOptions {
  readonly modelDir: string;
  /** Where it comes from, in words (for logs and errors). */
  readonly source: string;
}

/**
 * Everything one stage of one run is given, injected into its constructor under STAGE_CONTEXT. Only
 * generic facts: a kind that needs a pipeline service (the lexicon) injects that service's token.
 */
export interface StageContext<P = Record<string, unknown>> {
  readonly stageId: string;
  /** JSON pointer of the stage (or of the network node) in the spec, for errors. */
  readonly pointer?: string;
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
  /** Heads of a network stage (its supervision's, and any a multi-task transform added). */
  readonly heads: StageHeads;
  /** Set when a transfer transform starts the stage from a trained network. */
  readonly init?: StageInit;
  readonly report: StageReporter;
  readonly signal: AbortSignal;
  /** Where a training stage keeps epoch checkpoints, so an interrupted run continues where it stopped. */
  readonly checkpointDir?: string;
}
