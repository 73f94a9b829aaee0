import * as tf from '@tensorflow/tfjs';
import type { Item, LabelValue, Metrics } from '../../core/item.js';
import type { Head } from '../head.js';
import type { InferenceHead } from '../../core/inference.js';

/**
 * One output of a multi-label head trained on its own (the single-task baseline of a multi-task
 * ablation): sigmoid cross-entropy on that output, examples with the entry unknown masked out.
 * Labels are given as [0], [1] or [null].
 */
export class EntryHead implements Head {
  readonly units = 1;
  readonly perFrame = false;
  readonly primaryMetric = 'accuracy';
  readonly label: string;

  constructor(
    readonly base: Head,
    readonly entry: number,
    name = String(entry),
  ) {
    this.label = `${base.label}.${name}`.replace(/[^A-Za-z0-9_.-]/g, '_');
  }

  loss(outputs: tf.Tensor, labels: readonly LabelValue[]): tf.Scalar {
    return tf.tidy(() => {
      const values = labels.map((l) => (Array.isArray(l) ? (l as (number | null)[])[0] : null));
      const known = values.map((v) => (v === 0 || v === 1 ? 1 : 0));
      if (!known.some((k) => k)) return tf.scalar(0);
      // Unknown entries weigh 0: the mean runs over the known ones and they get no gradient.
      const y = tf.tensor1d(values.map((v) => (v === 1 ? 1 : 0)));
      return tf.losses.sigmoidCrossEntropy(y, outputs.reshape([-1]), tf.tensor1d(known)) as tf.Scalar;
    });
  }

  describe(): InferenceHead {
    return { kind: 'sigmoid', label: this.label, outputs: [this.label] };
  }

  decode(outputs: tf.Tensor): Item[] {
    const p = tf.tidy(() => tf.sigmoid(outputs.reshape([-1])));
    const data = p.dataSync() as Float32Array;
    p.dispose();
    return Array.from(data, (v) => ({ data: Float32Array.of(v), shape: [1] }));
  }

  metrics(outputs: readonly Item[], labels: readonly LabelValue[]): Metrics {
    let n = 0;
    let right = 0;
    outputs.forEach((o, i) => {
      const v = Array.isArray(labels[i]) ? (labels[i] as (number | null)[])[0] : null;
      if (v !== 0 && v !== 1) return;
      n++;
      if ((o.data[0]! >= 0.5 ? 1 : 0) === v) right++;
    });
    return n ? { accuracy: right / n, n } : { n: 0 };
  }
}

/** Joins per-output items ([1] each, one list per output) into per-example items of all outputs. */
export function mergeEntries(perEntry: readonly (readonly Item[])[]): Item[] {
  const n = perEntry[0]?.length ?? 0;
  return Array.from({ length: n }, (_, i) => ({
    data: Float32Array.from(perEntry.map((list) => list[i]!.data[0]!)),
    shape: [perEntry.length],
  }));
}
