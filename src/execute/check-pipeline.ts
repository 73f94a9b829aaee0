import { SpecError, type Problem } from '../errors/pipeline-error.js';
import type { Mode } from '../core/mode.js';
import type { ExecutionPlan } from '../plan/execution-plan.js';
import { preparePlan } from '../plan/prepare-plan.js';
import type { Catalog } from '../registry/catalog.js';
import { PipelineServices } from '../services/pipeline-services.js';
import { validateSpec, type LoadedSpec } from '../spec/load-spec.js';
import { setPath } from '../spec/overrides.js';
import { pointer } from '../util/json-pointer.js';

/**
 * Everything checked before anything runs: the compiled graph in the mode that will run (and, when
 * no mode is forced, in every variant the spec's ablation arms make), and the dataset's data against
 * the pipeline's services (its words against the lexicon). All problems are reported together in one SpecError.
 */
export async function checkPipeline(
  loaded: LoadedSpec,
  catalog: Catalog,
  mode?: Mode,
): Promise<{ plan: ExecutionPlan; variants: number }> {
  const problems: Problem[] = [];
  const tryPlan = (l: LoadedSpec, m: Mode | undefined, arm?: string): ExecutionPlan | undefined => {
    try {
      return preparePlan(l, catalog, m);
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      problems.push(...err.problems.map((p) => (arm ? { ...p, message: `in ${arm}: ${p.message}` } : p)));
      return undefined;
    }
  };
  const plan = tryPlan(loaded, mode);
  let variants = 1;
  if (mode === undefined && plan) {
    for (const arm of armsOf(loaded)) {
      const armSpec = variant(loaded, arm.set, arm.pointer, `ablation arm \`${arm.name}\``, problems);
      if (!armSpec) continue;
      tryPlan(armSpec, undefined, `ablation arm \`${arm.name}\``);
      variants++;
    }
    // Each value of each grid axis on its own (not their product), as `ablate` will set them.
    for (const [key, values] of Object.entries(loaded.spec.ablation?.grid ?? {})) {
      values.forEach((v, i) => {
        const where = `grid value ${key}=${JSON.stringify(v)}`;
        const at = ['ablation', 'grid', key, i];
        const spec = variant(loaded, { [key]: v }, ['ablation', 'grid', key], where, problems, at);
        if (spec) tryPlan(spec, undefined, where);
      });
    }
  }
  if (plan) problems.push(...serviceProblems(loaded, plan, catalog));
  if (problems.length || !plan) throw new SpecError(dedupe(problems), loaded.file);
  return { plan, variants };
}

/** Problems of the dataset's vocabulary for the pipeline's services (words the lexicon cannot say). */
function serviceProblems(loaded: LoadedSpec, plan: ExecutionPlan, catalog: Catalog): Problem[] {
  const { kind, params } = plan.pipeline.dataset;
  if (!kind.vocabulary) return [];
  const services = new PipelineServices(catalog.services, loaded.spec, kind.uses ?? []);
  const vocabulary = kind.vocabulary(params);
  return services.kinds().flatMap((s) => s.check?.(services.get(s.token), { vocabulary, file: loaded.file }) ?? []);
}

/**
 * A variant of the spec with `set` applied, validated; undefined (and its problems collected, each naming
 * `what` and pointing at where the variant is declared) when it is invalid.
 */
function variant(
  loaded: LoadedSpec,
  set: Readonly<Record<string, unknown>>,
  base: readonly (string | number)[],
  what: string,
  problems: Problem[],
  valueAt: readonly (string | number)[] = base,
): LoadedSpec | undefined {
  const doc = structuredClone(loaded.spec) as unknown as Record<string, unknown>;
  try {
    for (const [k, v] of Object.entries(set)) {
      const at = base === valueAt ? pointer(...base, k) : pointer(...base);
      setPath(doc, k, v, { label: what, file: loaded.file, pointer: at });
    }
    return validateSpec(doc, loaded.file, {}, loaded.dir);
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    const at = pointer(...valueAt);
    problems.push(
      ...err.problems.map((p) => ({
        ...p,
        message: `in ${what}: ${p.message}`,
        hint: [p.hint, p.code === 'invalid-path' ? undefined : `the ${what} is declared at #${at}`]
          .filter(Boolean)
          .join('; '),
      })),
    );
    return undefined;
  }
}

/** The variants an ablation makes of the spec (arms, or modes), with the pointer of each one's settings. */
function armsOf(
  loaded: LoadedSpec,
): { name: string; set: Record<string, unknown>; pointer: readonly (string | number)[] }[] {
  const a = loaded.spec.ablation;
  if (!a)
    return loaded.spec.endToEnd ? [{ name: 'end-to-end', set: { mode: 'end-to-end' }, pointer: ['endToEnd'] }] : [];
  if (a.arms)
    return a.arms.map((x, i) => ({
      name: x.name,
      set: (x.set ?? {}) as Record<string, unknown>,
      pointer: ['ablation', 'arms', i, 'set'],
    }));
  return (a.modes ?? []).map((m, i) => ({ name: m, set: { mode: m }, pointer: ['ablation', 'modes', i] }));
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.pointer}|${p.message.replace(/^in (ablation arm `[^`]*`|grid value \S*): /, '')}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
