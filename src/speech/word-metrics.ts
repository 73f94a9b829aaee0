import type { LabelValue, Metrics } from '../core/item.js';
import { errorRate, sentenceErrorRate } from '../metrics/error-rates.js';

/**
 * Metrics of decoded word sequences against word labels: word error rate, sentence error rate, and
 * accuracy (the share of utterances decoded exactly: the word accuracy of isolated words).
 */
export function wordMetrics(hyps: readonly (readonly number[])[], labels: readonly LabelValue[]): Metrics {
  const refs: number[][] = [];
  const outs: number[][] = [];
  labels.forEach((l, i) => {
    if (!Array.isArray(l)) return;
    refs.push(l as number[]);
    outs.push([...hyps[i]!]);
  });
  if (refs.length === 0) return { n: 0 };
  const wer = errorRate(refs, outs);
  const ser = sentenceErrorRate(refs, outs);
  return { accuracy: 1 - ser.rate, wer: wer.rate, ser: ser.rate, n: refs.length };
}
