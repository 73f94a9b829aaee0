import type { CompileCatalog } from '../compile/catalog.js';
import type { CompiledPipeline, CompiledStage } from '../compile/compiled-pipeline.js';
import type { Problem } from '../errors/pipeline-error.js';

/** The kinds a transform may look up: stage, dataset and service kinds, and the transform kinds. */
export interface TransformCatalog extends CompileCatalog {
  readonly transforms: ReadonlyMap<string, TransformKind>;
}

/** A problem a transform reports; its pointer is absolute (build it from `ctx.pointer`). */
export type TransformProblem = Omit<Problem, 'file'>;

/** What a transform changed, in one line, for `concertina plan` (and its `--json`). */
export interface GraphChange {
  /** merge: stages became one network; add-head, init-weights, freeze: a network node changed; add-stage,
   * remove-stage, replace-stage, update: other edits. */
  readonly action:
    'merge' | 'add-head' | 'init-weights' | 'freeze' | 'add-stage' | 'remove-stage' | 'replace-stage' | 'update';
  /** The nodes concerned, the resulting node first. */
  readonly nodes: readonly string[];
  readonly summary: string;
}

/** What a transform's apply returns: the rewritten pipeline and what changed, or problems. */
export type TransformOutcome =
  | { readonly pipeline: CompiledPipeline; readonly changes: readonly GraphChange[] }
  | { readonly problems: readonly TransformProblem[] };

/** A stage to add to the graph, as in a spec (params are validated against the kind's schema). */
export interface NewStage {
  readonly id: string;
  readonly kind: string;
  readonly inputs: readonly string[];
  readonly params?: Record<string, unknown>;
  readonly supervision?: string;
}

/** What apply is given besides the pipeline and its params. Pure data and pure helpers only. */
export interface TransformContext {
  /** JSON pointer of the transform in the spec (`/transforms/1`; `/endToEnd` for the mode shorthand). */
  readonly pointer: string;
  readonly file: string | undefined;
  readonly catalog: TransformCatalog;
  /**
   * Compiles a stage against the pipeline as it is now (its inputs must exist): validates the params,
   * resolves the supervision, types the ports and runs the kind's checks. Pure.
   */
  compileStage(pipeline: CompiledPipeline, stage: NewStage): CompiledStage | { readonly problems: TransformProblem[] };
}

/**
 * A transform kind: a registered, pure rewrite of the compiled pipeline graph, like a stage kind
 * registered with a descriptor and a params schema. `apply` must not use tf, I/O or the container:
 * what needs them at run time is expressed with the graph's generic node attributes (members,
 * heads, init) that the runtime executes.
 */
export interface TransformKind<P = any> {
  readonly kind: string;
  readonly description: string;
  /** JSON Schema of the params: the transform's object in the spec without its `kind`. */
  readonly paramsSchema: object;
  apply(pipeline: CompiledPipeline, params: P, ctx: TransformContext): TransformOutcome;
}
