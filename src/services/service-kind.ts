import type { Problem } from '../errors/pipeline-error.js';
import type { PipelineSpec } from '../spec/generated/pipeline-spec.js';

/**
 * A per-pipeline service that a feature provides to the kinds that ask for it, such as the speech
 * lexicon: stage classes inject it under `token`, dataset kinds look it up in their load context,
 * stage descriptors see only whether it is available. The generic core never names one.
 */
export interface ServiceKind<T = unknown> {
  /** Name used by kinds' `uses` lists and in messages (`lexicon`). */
  readonly name: string;
  /** Dependency-injection token under which stage classes receive it. */
  readonly token: symbol;
  readonly description: string;
  /** Whether the spec configures it (e.g. has a `lexicon` block); kinds that use it get it anyway. */
  configured(spec: PipelineSpec): boolean;
  /** A content key of its configuration, part of the cache keys of the data that uses it. */
  key(spec: PipelineSpec): string;
  /** Builds it for a spec: called lazily, once per pipeline. */
  create(spec: PipelineSpec): T;
  /** Problems of the data for it, checked before anything runs (e.g. words the lexicon cannot say). */
  check?(service: T, data: { readonly vocabulary: readonly string[]; readonly file: string | undefined }): Problem[];
}

/** Looks up a pipeline service by its token (undefined when the pipeline has none). */
export interface ServiceLookup {
  get<T>(token: symbol): T | undefined;
}
