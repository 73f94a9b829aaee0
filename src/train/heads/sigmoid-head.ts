import * as tf from '@tensorflow/tfjs';
import { DataError } from '../../errors/pipeline-error.js';
import type { Item, LabelValue, Metrics } from '../../core/item.js';
import type { Head } from '../head.js';
import type { InferenceHead } from '../../core/inference.js';

/**
 * Multi-label classification: one independent sigmoid per output, trained with binary cross-entropy
 * on the known entries only. A label is a vector of 0/1 (or soft targets in [0, 1]) with null for an
 * unknown entry; a null label means every entry is unknown. Unknown entries contribute exactly
 * nothing to the loss or its gradient. Decoded items hold a probability per output.
 */
export class SigmoidHead implements Head {
  readonly perFrame = false;
  readonly primaryMetric = 'f1';

  constructor(
    readonly label: string,
    readonly names: readonly string[],
  ) {}

  get units(): number {
    return this.names.length;
  }

  /**
   * Binary cross-entropy summed over the known entries of the batch, divided by their number (0 when none is
   * known).
   */
  loss(outputs: tf.Tensor, labels: readonly LabelValue[]): tf.Scalar {
    const { targets, mask, known } = this.encode(labels);
    // Still a function of the outputs, so a batch with nothing known trains nothing instead of failing.
    if (known === 0) return tf.tidy(() => outputs.sum().mul(0) as tf.Scalar);
    return tf.tidy(() => {
      const z = outputs as tf.Tensor2D;
      const y = tf.tensor2d(targets, [labels.length, this.units]);
      const m = tf.tensor2d(mask, [labels.length, this.units]);
      // max(z, 0) - z y + log(1 + exp(-|z|)): the cross-entropy of sigmoid(z) that does not overflow.
      const entries = tf
        .relu(z)
        .sub(z.mul(y))
        .add(tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
      return entries.mul(m).sum().div(known) as tf.Scalar;
    });
  }

  describe(): InferenceHead {
    return { kind: 'sigmoid', label: this.label, outputs: this.names };
  }

  decode(outputs: tf.Tensor): Item[] {
    const p = tf.tidy(() => tf.sigmoid(outputs));
    const data = p.dataSync() as Float32Array;
    p.dispose();
    const k = this.units;
    return Array.from({ length: outputs.shape[0]! }, (_, b) => ({ data: data.slice(b * k, (b + 1) * k), shape: [k] }));
  }

  /**
   * Macro `f1` and mean `accuracy` over the outputs, then per output `<name>.accuracy` and `<name>.f1`
   * (a probability of 0.5 or more predicts 1), the mean cross-entropy `loss` and `n`, the examples with
   * a known entry.
   * Unknown entries are skipped; an output with no known entry reports nothing and is left out of the
   * means. An output whose known entries hold no 1 and get no 1 predicted has F1 1 (nothing to find,
   * nothing wrongly found).
   */
  metrics(outputs: readonly Item[], labels: readonly LabelValue[]): Metrics {
    const K = this.units;
    const tp = new Array<number>(K).fill(0);
    const fp = tp.slice();
    const fn = tp.slice();
    const right = tp.slice();
    const seen = tp.slice();
    let n = 0;
    let nll = 0;
    let entries = 0;
    outputs.forEach((o, i) => {
      const l = labels[i];
      if (!Array.isArray(l)) return;
      let any = false;
      for (let j = 0; j < K; j++) {
        const t = l[j];
        if (typeof t !== 'number') continue;
        any = true;
        const prob = o.data[j]!;
        const truth = t >= 0.5;
        const said = prob >= 0.5;
        seen[j]!++;
        if (truth === said) right[j]!++;
        if (said && truth) tp[j]!++;
        if (said && !truth) fp[j]!++;
        if (!said && truth) fn[j]!++;
        const eps = 1e-7;
        nll -= t * Math.log(Math.max(eps, prob)) + (1 - t) * Math.log(Math.max(eps, 1 - prob));
        entries++;
      }
      if (any) n++;
    });
    if (n === 0) return { n: 0 };
    const perOutput: Metrics = {};
    const accs: number[] = [];
    const f1s: number[] = [];
    for (let j = 0; j < K; j++) {
      if (seen[j] === 0) continue;
      const acc = right[j]! / seen[j]!;
      const denom = 2 * tp[j]! + fp[j]! + fn[j]!;
      const f1 = denom === 0 ? 1 : (2 * tp[j]!) / denom;
      perOutput[`${this.names[j]}.accuracy`] = acc;
      perOutput[`${this.names[j]}.f1`] = f1;
      accs.push(acc);
      f1s.push(f1);
    }
    // Macro F1 first: a run's summary metric is its output stage's first one.
    return { f1: mean(f1s), accuracy: mean(accs), ...perOutput, loss: nll / entries, n };
  }

  /** Targets (0 where unknown), a 0/1 mask of known entries, and how many are known. */
  private encode(labels: readonly LabelValue[]): { targets: Float32Array; mask: Float32Array; known: number } {
    const K = this.units;
    const targets = new Float32Array(labels.length * K);
    const mask = new Float32Array(labels.length * K);
    let known = 0;
    labels.forEach((l, i) => {
      if (l === null || l === undefined) return;
      if (!Array.isArray(l) || l.length !== K) {
        throw new DataError(
          `label \`${this.label}\` of example ${i} ` +
            `should be ${K} entries (${this.names.join(', ')}) of 0, 1 or null, got ${JSON.stringify(l)}`,
          { hint: 'a multi-label value is an array with one entry per output' },
        );
      }
      for (let j = 0; j < K; j++) {
        const t = l[j];
        if (typeof t !== 'number') continue;
        targets[i * K + j] = t;
        mask[i * K + j] = 1;
        known++;
      }
    });
    return { targets, mask, known };
  }
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}
