import type { DatasetDescription } from '../core/dataset-description.js';
import { didYouMean } from '../util/suggest.js';
import { fitKind, type CompileContext, type StageDescriptor } from './stage-descriptor.js';
import type { StageProblem } from './type-stage.js';

/**
 * Resolves the supervision a stage names against the dataset's labels, checking that the stage
 * kind trains on (or is evaluated against) that kind of label, and that a supervised stage names one.
 */
export function checkSupervision(
  s: {
    readonly id: string;
    readonly pointer: string;
    readonly supervision: string | undefined;
    readonly params: unknown;
  },
  d: StageDescriptor,
  dataset: { readonly kind: string; readonly description: DatasetDescription },
  problems: StageProblem[],
): CompileContext['supervision'] {
  const accepted = [...(d.labelKinds ?? []), ...(d.evaluatesAgainst ?? [])];
  const provided = Object.keys(dataset.description.labels);
  const add = (at: string, code: string, message: string, hint?: string) =>
    problems.push({ code, pointer: `${s.pointer}${at}`, stageId: s.id, message, ...(hint ? { hint } : {}) });
  if (s.supervision === undefined) {
    if (s.params !== undefined && fitKind(d, s.params) === 'supervised') {
      const fitting = provided.filter((n) => (d.labelKinds ?? []).includes(dataset.description.labels[n]!.kind));
      add(
        '',
        'missing-supervision',
        `stage kind \`${d.kind}\` trains on labels but \`${s.id}\` names no supervision`,
        fitting.length
          ? `add "supervision": one of ${fitting.map((x) => `"${x}"`).join(', ')}`
          : `dataset \`${dataset.kind}\` provides no ${(d.labelKinds ?? []).join(' or ')} labels`,
      );
    }
    return undefined;
  }
  // own labels only: a name like `constructor` must not find Object.prototype's
  const labels = dataset.description.labels;
  const label = Object.hasOwn(labels, s.supervision) ? labels[s.supervision] : undefined;
  if (!label) {
    add(
      '/supervision',
      'unknown-supervision',
      `dataset \`${dataset.kind}\` provides no label \`${s.supervision}\` ` +
        `(it provides ${provided.map((n) => `\`${n}\``).join(', ') || 'none'})`,
      didYouMean(s.supervision, provided, 'label'),
    );
    return undefined;
  }
  if (accepted.length === 0) {
    add(
      '/supervision',
      'unexpected-supervision',
      `stage kind \`${d.kind}\` neither trains on nor is evaluated against labels`,
      'remove "supervision"',
    );
    return undefined;
  }
  if (!accepted.includes(label.kind)) {
    add(
      '/supervision',
      'supervision-kind',
      `label \`${s.supervision}\` is a ${label.kind} label ` +
        `but stage kind \`${d.kind}\` takes ${accepted.join(' or ')} labels`,
    );
    return undefined;
  }
  return { ...label, name: s.supervision };
}
