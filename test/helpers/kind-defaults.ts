/** Calling dataset kinds directly in tests with params as a spec would give them (schema defaults filled). */
import type { DatasetKind } from '../../src/data/dataset.js';
import { SpecError } from '../../src/errors/pipeline-error.js';
import { validateAgainst } from '../../src/spec/schema-validator.js';

/** `params` validated against the kind's schema, defaults filled, as compile hands them to the kind. */
export function paramsFor<P>(kind: DatasetKind<P>, params: Record<string, unknown>): P {
  const p = structuredClone(params);
  const problems = validateAgainst(kind.paramsSchema, p, '/dataset/params', {});
  if (problems.length) throw new SpecError(problems);
  return p as P;
}

/**
 * The kind with every method taking partial params, filled with the schema's defaults first (and not
 * validated, so that tests can reach the kind's own checks).
 */
export function withDefaults<P>(kind: DatasetKind<P>): DatasetKind<Record<string, unknown>> {
  const fill = (p: Record<string, unknown>) => {
    const out = structuredClone(p);
    validateAgainst(kind.paramsSchema, out, '/dataset/params', {});
    return out as P;
  };
  return {
    ...kind,
    describe: (p, r) => kind.describe(fill(p), r),
    ...(kind.vocabulary ? { vocabulary: (p: Record<string, unknown>) => kind.vocabulary!(fill(p)) } : {}),
    ...(kind.fingerprint ? { fingerprint: (p: Record<string, unknown>, ctx) => kind.fingerprint!(fill(p), ctx) } : {}),
    load: (p, ctx) => kind.load(fill(p), ctx),
  } as DatasetKind<Record<string, unknown>>;
}

/** Stage params as compile hands them to a kind: validated against its schema, defaults filled. */
export function stageParams<P>(descriptor: { readonly paramsSchema: object }, params: object): P {
  const p = structuredClone(params);
  const problems = validateAgainst(descriptor.paramsSchema, p, '/params', {});
  if (problems.length) throw new SpecError(problems);
  return p as P;
}
