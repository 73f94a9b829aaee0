import { checkSupervision } from '../compile/check-supervision.js';
import type { CompiledPipeline } from '../compile/compiled-pipeline.js';
import { typeStage } from '../compile/type-stage.js';
import type { Mode } from '../core/mode.js';
import { SpecError, type Problem } from '../errors/pipeline-error.js';
import { resolveTraining } from '../spec/resolved-training.js';
import { validateAgainst } from '../spec/schema-validator.js';
import { didYouMean } from '../util/suggest.js';
import { END_TO_END_NAMES, endToEndParams } from './collapse.js';
import type { GraphChange, TransformCatalog, TransformContext, TransformProblem } from './transform-kind.js';

/** One transform to apply: its kind, its params (the spec object without `kind`) and where it was written. */
export interface TransformUse {
  readonly kind: string;
  readonly params: Record<string, unknown>;
  readonly pointer: string;
  /** Param name -> the name the spec uses for it, when the spec spells it differently (a shorthand). */
  readonly specNames?: Readonly<Record<string, string>>;
}

/** What one applied transform changed, for `concertina plan`. */
export interface TransformRecord {
  readonly kind: string;
  readonly pointer: string;
  readonly changes: readonly GraphChange[];
}

/**
 * The transforms a spec asks for, in order: `"mode": "end-to-end"` first (a `collapse` configured by
 * the `endToEnd` block), then the spec's `transforms`.
 */
export function transformsOf(p: CompiledPipeline, mode: Mode): TransformUse[] {
  const uses: TransformUse[] = [];
  if (mode === 'end-to-end') {
    uses.push({ kind: 'collapse', params: endToEndParams(p.spec), pointer: '/endToEnd', specNames: END_TO_END_NAMES });
  }
  (p.spec.transforms ?? []).forEach((t, i) => {
    const { kind, ...params } = t as { kind: string } & Record<string, unknown>;
    uses.push({ kind, params: structuredClone(params), pointer: `/transforms/${i}` });
  });
  return uses;
}

/**
 * Applies transforms in order, each a pure rewrite of the graph the previous one left. Every problem
 * of the transforms' params is reported together; then each transform is applied, one that fails
 * leaving the graph as it was for the next, and all their problems are reported together. Pure.
 */
export function applyTransforms(
  p: CompiledPipeline,
  uses: readonly TransformUse[],
  catalog: TransformCatalog,
): { readonly pipeline: CompiledPipeline; readonly records: readonly TransformRecord[] } {
  const problems: Problem[] = [];
  const add = (x: TransformProblem, u?: TransformUse) => problems.push({ file: p.file, ...specPointer(x, u) });
  const kinds = uses.map((u) => {
    const kind = catalog.transforms.get(u.kind);
    if (!kind) {
      add({
        code: 'unknown-transform',
        pointer: `${u.pointer}/kind`,
        message: `unknown transform \`${u.kind}\``,
        hint:
          didYouMean(u.kind, [...catalog.transforms.keys()].sort(), 'transform') ??
          `one of ${[...catalog.transforms.keys()].join(', ')}`,
      });
      return undefined;
    }
    const own = validateAgainst(kind.paramsSchema, u.params, u.pointer, { file: p.file });
    own.forEach((x) => add(x, u));
    return own.length ? undefined : kind;
  });
  if (problems.length) throw new SpecError(problems, p.file);
  let pipeline = p;
  const records: TransformRecord[] = [];
  let failed = false;
  uses.forEach((u, i) => {
    const ctx: TransformContext = {
      pointer: u.pointer,
      file: p.file,
      catalog,
      compileStage: stageCompiler(catalog, u.pointer),
    };
    const out = kinds[i]!.apply(pipeline, u.params, ctx);
    if ('problems' in out) {
      // After a failed transform the graph is not the one the spec describes: a stage it would have
      // made is missing, so later `unknown-stage` problems would only echo the first failure.
      out.problems.filter((x) => !failed || x.code !== 'unknown-stage').forEach((x) => add(x, u));
      failed = true;
      return;
    }
    pipeline = out.pipeline;
    records.push({ kind: u.kind, pointer: u.pointer, changes: out.changes });
  });
  if (problems.length) throw new SpecError(problems, p.file);
  return { pipeline, records };
}

/** A problem's pointer with the transform's param names as the spec spells them. */
function specPointer(x: TransformProblem, u: TransformUse | undefined): TransformProblem {
  if (!u?.specNames || x.pointer === undefined) return x;
  for (const [param, name] of Object.entries(u.specNames)) {
    const at = `${u.pointer}/${param}`;
    if (x.pointer === at || x.pointer.startsWith(`${at}/`))
      return { ...x, pointer: `${u.pointer}/${name}${x.pointer.slice(at.length)}` };
  }
  return x;
}

/** TransformContext.compileStage for one transform: new stages point at the transform that adds them. */
function stageCompiler(catalog: TransformCatalog, pointer: string): TransformContext['compileStage'] {
  return (p, s) => {
    const kind = catalog.stages.get(s.kind);
    if (!kind) {
      const hint = didYouMean(s.kind, [...catalog.stages.keys()].sort(), 'stage kind');
      return {
        problems: [
          { code: 'unknown-stage-kind', pointer, stageId: s.id, message: `unknown stage kind \`${s.kind}\``, hint },
        ],
      };
    }
    if (p.graph.hasNode(s.id)) {
      return {
        problems: [{ code: 'duplicate-stage-id', pointer, stageId: s.id, message: `stage id \`${s.id}\` is taken` }],
      };
    }
    const params = structuredClone(s.params ?? {});
    const problems: TransformProblem[] = validateAgainst(kind.paramsSchema, params, pointer, { stageId: s.id });
    if (problems.length) return { problems };
    const dataset = { kind: p.dataset.kind.kind, description: p.dataset.description };
    const supervision = checkSupervision(
      { id: s.id, pointer, supervision: s.supervision, params },
      kind,
      dataset,
      problems,
    );
    const inputs = s.inputs.map((i) => ({
      id: i,
      kind: p.graph.node(i)?.kind ?? '?',
      type: p.graph.node(i)?.outputType,
    }));
    const ctx = { dataset: p.dataset.description, supervision, services: p.services, vocabularySize: undefined };
    const typed = typeStage({ id: s.id, pointer, descriptor: kind, params, inputs }, dataset, ctx);
    problems.push(...typed.problems);
    if (problems.length || !('outputType' in typed)) return { problems };
    return {
      id: s.id,
      pointer,
      kind: s.kind,
      descriptor: kind,
      params,
      inputs: s.inputs,
      supervision: s.supervision,
      inputTypes: typed.inputTypes,
      outputType: typed.outputType,
      training: resolveTraining(p.spec.training),
    };
  };
}
