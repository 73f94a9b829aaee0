import type { NamedLabel } from '../../core/label.js';
import { StageError } from '../../errors/pipeline-error.js';
import type { Head } from '../head.js';
import { CtcHead, type CtcHeadOptions } from './ctc-head.js';
import { SigmoidHead } from './sigmoid-head.js';
import { SoftmaxHead } from './softmax-head.js';

/**
 * The head that trains on a supervision: softmax for class labels, CTC for sequences (with `options`,
 * its error metric named by the label unless the options name one), sigmoid for multi-labels.
 */
export function headFor(label: NamedLabel | undefined, options: CtcHeadOptions = {}, stageId?: string): Head {
  if (!label) throw new StageError('a trainable stage needs a supervision', { location: stageId ? { stageId } : {} });
  switch (label.kind) {
    case 'class':
      return new SoftmaxHead(label.name, label.names);
    case 'sequence':
      return new CtcHead(label.name, label.names, {
        ...(label.errorMetric !== undefined ? { errorMetric: label.errorMetric } : {}),
        ...options,
      });
    case 'multi-label':
      return new SigmoidHead(label.name, label.names);
    default: {
      const never: never = label.kind;
      throw new StageError(`no head can train on ${String(never)} labels (\`${label.name}\`)`, {
        location: stageId ? { stageId } : {},
      });
    }
  }
}
