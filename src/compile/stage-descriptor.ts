import type { PortPattern, PortType } from '../core/port-type.js';
import type { DatasetDescription } from '../core/dataset-description.js';
import type { LabelDescription, LabelKind } from '../core/label.js';
import type { Problem } from '../errors/pipeline-error.js';

/** What compile knows when it asks a stage kind for its output type: pure data, no I/O. */
export interface CompileContext {
  readonly dataset: DatasetDescription;
  /** The supervision this stage names, resolved against the dataset. */
  readonly supervision: (LabelDescription & { readonly name: string }) | undefined;
  /** Names of the pipeline services available (e.g. `lexicon`; see ServiceKind). */
  readonly services: ReadonlySet<string>;
  /** Number of words the dataset can say, when known from its params. */
  readonly vocabularySize: number | undefined;
}

/**
 * How a stage takes part when a chain of stages collapses into one network:
 * - `source`: reads the dataset; the network starts after it;
 * - `fixed`: hand-designed, not differentiable: stays before the network, or is replaced by its
 *   `learnedReplacement` inside it;
 * - `layers`: contributes layers to the network;
 * - `decoder`: runs after the network on its outputs (search, grammar).
 */
export type CollapseRole = 'source' | 'fixed' | 'layers' | 'decoder';

/** How a stage learns (see StageDescriptor.fit). */
export type FitKind = 'supervised' | 'unsupervised' | 'none';

/** How a stage with these params learns (kinds whose training depends on a param say so with a function). */
export function fitKind(d: StageDescriptor, params: unknown): FitKind {
  return typeof d.fit === 'function' ? d.fit(params) : d.fit;
}

/** Static description of a stage kind: everything compile and plan need, without running anything. */
export interface StageDescriptor<P = any> {
  readonly kind: string;
  readonly description: string;
  /** Bumped when the kind's results change for the same params, to invalidate cached results. */
  readonly version: number;
  readonly paramsSchema: object;
  /** Input ports, in the order of the stage's `inputs`. Source stages have none. */
  inputs(params: P): readonly PortPattern[];
  /**
   * The output type, from params (validated, defaults filled) and the input types. Throwing is not
   * allowed: report problems through `check`.
   */
  output(params: P, inputs: readonly PortType[], ctx: CompileContext): PortType;
  /**
   * Extra pure checks of params against inputs and context, reported with the other problems. A
   * problem's pointer, when given, is relative to the stage's params (`/coefficients`).
   */
  check?(params: P, inputs: readonly PortType[], ctx: CompileContext): Omit<Problem, 'file' | 'stageId'>[];
  /**
   * How the stage learns: `supervised` (needs `supervision` of one of `labelKinds`), `unsupervised`
   * (fits statistics on training inputs, e.g. standardize), `none` (a pure per-example function).
   */
  readonly fit: FitKind | ((params: P) => FitKind);
  /** Label kinds accepted as supervision (supervised stages; decoders that estimate e.g. an n-gram). */
  readonly labelKinds?: readonly LabelKind[];
  /** Whether supervision may be given to a stage that does not need it (to be evaluated against it). */
  readonly evaluatesAgainst?: readonly LabelKind[];
  readonly collapse: CollapseRole;
  /** For `fixed` stages: the kind that replaces it inside a collapsed network. */
  readonly learnedReplacement?: string;
  /** What the source stage asks of the dataset (e.g. a sample rate). */
  requirements?(params: P): Record<string, unknown>;
}
