import * as tf from '@tensorflow/tfjs';
import { ctcLoss, type CtcTooShort } from '../../ctc/ctc-loss.js';
import { greedyDecode } from '../../ctc/greedy-decode.js';
import { errorRate } from '../../metrics/error-rates.js';
import { bestWords } from '../../speech/hypotheses.js';
import { ctcHypotheses } from '../../speech/ctc-hypotheses.js';
import type { InferenceHead } from '../../core/inference.js';
import { wordMetrics } from '../../speech/word-metrics.js';
import type { Item, LabelValue, Metrics } from '../../core/item.js';
import type { Head } from '../head.js';

export interface CtcHeadOptions {
  /** What the head hands on: per-frame log-posteriors, or an n-best list of label sequences. */
  readonly decodeAs?: 'posteriors' | 'hypotheses';
  /** Name of the token error rate metric (per for phonemes, wer for words). */
  readonly errorMetric?: string;
  readonly tooShort?: CtcTooShort;
  readonly beamWidth?: number;
  readonly nBest?: number;
}

/**
 * Sequence labels trained with CTC. Output units: the label alphabet plus the blank at 0 (token id =
 * label index + 1). Examples whose label is missing contribute nothing.
 */
export class CtcHead implements Head {
  readonly perFrame = true;
  readonly primaryMetric: string;

  constructor(
    readonly label: string,
    readonly names: readonly string[],
    private readonly o: CtcHeadOptions = {},
  ) {
    this.primaryMetric = o.decodeAs === 'hypotheses' ? 'accuracy' : (o.errorMetric ?? 'ter');
  }

  get units(): number {
    return this.names.length + 1;
  }

  loss(outputs: tf.Tensor, labels: readonly LabelValue[], outputLengths: readonly number[]): tf.Scalar {
    return tf.tidy(() => {
      const known = labels.map((l, i) => [l, i] as const).filter(([l]) => Array.isArray(l));
      if (known.length === 0) return tf.scalar(0);
      const rows =
        known.length === labels.length
          ? outputs
          : tf.gather(
              outputs,
              known.map(([, i]) => i),
            );
      return ctcLoss(
        rows as tf.Tensor3D,
        known.map(([l]) => (l as number[]).map((t) => t + 1)),
        known.map(([, i]) => outputLengths[i]!),
        { tooShort: this.o.tooShort ?? 'zero' },
      );
    });
  }

  decode(outputs: tf.Tensor, outputLengths: readonly number[]): Item[] {
    const logp = tf.tidy(() => tf.logSoftmax(outputs));
    const data = logp.dataSync() as Float32Array;
    logp.dispose();
    const [B, T, C] = outputs.shape as [number, number, number];
    const out: Item[] = [];
    for (let b = 0; b < B; b++) {
      const len = Math.min(T, outputLengths[b]!);
      const frames = data.slice(b * T * C, (b * T + len) * C);
      if (this.o.decodeAs === 'hypotheses') out.push(ctcHypotheses(frames, len, C, this.beam()));
      else out.push({ data: frames, shape: [len, C] });
    }
    return out;
  }

  describe(): InferenceHead {
    return {
      kind: 'ctc',
      label: this.label,
      alphabet: this.names,
      decodeAs: this.o.decodeAs ?? 'posteriors',
      ...this.beam(),
    };
  }

  private beam(): { beamWidth: number; nBest: number } {
    return { beamWidth: this.o.beamWidth ?? 8, nBest: this.o.nBest ?? 8 };
  }

  metrics(outputs: readonly Item[], labels: readonly LabelValue[]): Metrics {
    if (this.o.decodeAs === 'hypotheses') return wordMetrics(outputs.map(bestWords), labels);
    const refs: number[][] = [];
    const hyps: number[][] = [];
    outputs.forEach((o, i) => {
      const l = labels[i];
      if (!Array.isArray(l)) return;
      refs.push(l as number[]);
      hyps.push(greedyDecode(o.data, o.shape[0]!, o.shape[1]!).map((t) => t - 1));
    });
    if (!refs.length) return { n: 0 };
    return { [this.o.errorMetric ?? 'ter']: errorRate(refs, hyps).rate, n: refs.length };
  }
}
