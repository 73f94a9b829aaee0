import { SpecError, type Problem } from '../errors/pipeline-error.js';
import type { Concertina } from '../container/create-concertina.js';
import type { ExecutionPlan } from '../plan/execution-plan.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { preparePlan } from './prepare-pipeline.js';

/**
 * Everything `validate` checks before anything runs: the compiled graph in staged mode, its
 * end-to-end collapse when the spec declares one, and the dataset's words against the lexicon. All
 * problems are reported together in one SpecError.
 */
export async function checkPipeline(loaded: LoadedSpec, app: Concertina): Promise<{ staged: ExecutionPlan; endToEnd: ExecutionPlan | undefined }> {
  const problems: Problem[] = [];
  let staged: ExecutionPlan | undefined;
  let endToEnd: ExecutionPlan | undefined;
  try {
    staged = preparePlan(loaded, app.catalog, 'staged');
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    problems.push(...err.problems);
  }
  if (staged && (loaded.spec.endToEnd !== undefined || loaded.spec.mode === 'end-to-end' || loaded.spec.ablation?.modes?.includes('end-to-end'))) {
    try {
      endToEnd = preparePlan(loaded, app.catalog, 'end-to-end');
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      problems.push(...err.problems);
    }
  }
  const kind = app.catalog.datasets.get(loaded.spec.dataset.kind);
  const lex = await app.services.lexicon(loaded);
  if (kind?.vocabulary && lex) {
    const words = kind.vocabulary((loaded.spec.dataset.params ?? {}) as never);
    problems.push(...lex.lexicon.check(words, { file: loaded.file, pointer: '/dataset/params' }));
  }
  if (problems.length || !staged) throw new SpecError(problems, loaded.file);
  return { staged, endToEnd };
}
