import { SpecError, type Problem } from '../errors/pipeline-error.js';
import type { Mode } from '../core/mode.js';
import type { ExecutionPlan } from '../plan/execution-plan.js';
import { preparePlan } from '../plan/prepare-plan.js';
import type { Catalog } from '../registry/catalog.js';
import { PipelineServices } from '../services/pipeline-services.js';
import { validateSpec, type LoadedSpec } from '../spec/load-spec.js';
import { setPath } from '../spec/overrides.js';

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
      problems.push(
        ...err.problems.map((p) => (arm ? { ...p, message: `in ablation arm \`${arm}\`: ${p.message}` } : p)),
      );
      return undefined;
    }
  };
  const plan = tryPlan(loaded, mode);
  let variants = 1;
  if (mode === undefined && plan) {
    for (const arm of armsOf(loaded)) {
      const doc = structuredClone(loaded.spec) as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(arm.set)) setPath(doc, k, v);
      let armSpec: LoadedSpec;
      try {
        armSpec = validateSpec(doc, loaded.file, {}, loaded.dir);
      } catch (err) {
        if (!(err instanceof SpecError)) throw err;
        problems.push(...err.problems.map((p) => ({ ...p, message: `in ablation arm \`${arm.name}\`: ${p.message}` })));
        continue;
      }
      tryPlan(armSpec, undefined, arm.name);
      variants++;
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

/** The variants an ablation makes of the spec (arms, or modes). */
function armsOf(loaded: LoadedSpec): { name: string; set: Record<string, unknown> }[] {
  const a = loaded.spec.ablation;
  if (!a) return loaded.spec.endToEnd ? [{ name: 'end-to-end', set: { mode: 'end-to-end' } }] : [];
  if (a.arms) return a.arms.map((x) => ({ name: x.name, set: (x.set ?? {}) as Record<string, unknown> }));
  return (a.modes ?? []).map((m) => ({ name: m, set: { mode: m } }));
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.pointer}|${p.message.replace(/^in ablation arm `[^`]*`: /, '')}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
