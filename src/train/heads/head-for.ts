import type { LabelInfo } from '../../data/label-info.js';
import { StageError } from '../../errors/pipeline-error.js';
import type { Head } from '../head.js';
import { SoftmaxHead } from './softmax-head.js';
import { CtcHead, type CtcHeadOptions } from './ctc-head.js';
import { SigmoidHead } from './sigmoid-head.js';

/** A factory of heads for label kinds beyond the built-in ones (CTC, sigmoid), registered by features. */
export type HeadFactory = (label: LabelInfo & { readonly name: string }, options: Record<string, unknown>) => Head;

const factories = new Map<string, HeadFactory>([
  ['class', (l) => new SoftmaxHead(l.name, l.names)],
  ['sequence', (l, o) => new CtcHead(l.name, l.names, o as CtcHeadOptions)],
  ['multi-label', (l) => new SigmoidHead(l.name, l.names)],
]);

/** Registers how to build a head for a label kind (e.g. `sequence` -> CTC). */
export function registerHead(kind: string, factory: HeadFactory): void {
  factories.set(kind, factory);
}

/** The head that trains on a supervision. */
export function headFor(
  label: (LabelInfo & { readonly name: string }) | undefined,
  options: Record<string, unknown> = {},
  stageId?: string,
): Head {
  if (!label) throw new StageError('a trainable stage needs a supervision', { location: stageId ? { stageId } : {} });
  const f = factories.get(label.kind);
  if (!f)
    throw new StageError(`no head can train on ${label.kind} labels (\`${label.name}\`)`, {
      location: stageId ? { stageId } : {},
    });
  return f(label, options);
}
