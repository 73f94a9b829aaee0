import type { DatasetDescription } from '../core/dataset-description.js';
import type { DatasetKind } from '../data/dataset.js';
import type { Problem } from '../errors/pipeline-error.js';
import type { PipelineSpec } from '../spec/generated/pipeline-spec.js';
import { validateAgainst } from '../spec/schema-validator.js';
import { didYouMean } from '../util/suggest.js';
import type { CompileCatalog } from './catalog.js';

/** The dataset of a pipeline as compile sees it: its kind, validated params and description. */
export interface CompiledDataset {
  readonly kind: DatasetKind;
  readonly params: Record<string, unknown>;
  readonly description: DatasetDescription;
  /** Number of words (classes) the dataset can say, when its params fix it. */
  readonly vocabularySize: number | undefined;
}

/**
 * Resolves the dataset kind and validates its params; describes the data as the source stage asks
 * for it (e.g. at its sample rate). Undefined, with problems added, when the kind or params are invalid.
 */
export function compileDataset(
  spec: PipelineSpec,
  catalog: CompileCatalog,
  sourceParamsOk: boolean,
  add: (p: Omit<Problem, 'file'>) => void,
  file: string | undefined,
): CompiledDataset | undefined {
  const kind = catalog.datasets.get(spec.dataset.kind);
  if (!kind) {
    add({
      code: 'unknown-dataset-kind',
      pointer: '/dataset/kind',
      message: `unknown dataset kind \`${spec.dataset.kind}\``,
      hint: didYouMean(spec.dataset.kind, [...catalog.datasets.keys()].sort(), 'dataset kind'),
    });
    return undefined;
  }
  const params = (spec.dataset.params ??= {}) as Record<string, unknown>;
  const problems = validateAgainst(kind.paramsSchema, params, '/dataset/params', { file });
  problems.forEach((p) => add(p));
  if (problems.length) return undefined;
  const source = spec.stages.find((s) => (s.inputs ?? []).length === 0);
  const sourceDescriptor = source && sourceParamsOk ? catalog.stages.get(source.kind) : undefined;
  const requirements = sourceDescriptor?.requirements?.(source!.params ?? {}) ?? {};
  return {
    kind,
    params,
    description: kind.describe(params, requirements),
    vocabularySize: kind.vocabulary?.(params).length,
  };
}
