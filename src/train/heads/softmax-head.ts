import * as tf from '@tensorflow/tfjs';
import type { Item, LabelValue, Metrics } from '../../core/item.js';
import type { Head } from '../head.js';
import type { InferenceHead } from '../../core/inference.js';

/** Single-label classification: softmax cross-entropy; outputs log-probabilities per class. */
export class SoftmaxHead implements Head {
  readonly perFrame = false;
  readonly primaryMetric = 'accuracy';
  constructor(
    readonly label: string,
    readonly classes: readonly string[],
  ) {}

  get units(): number {
    return this.classes.length;
  }

  loss(outputs: tf.Tensor, labels: readonly LabelValue[]): tf.Scalar {
    return tf.tidy(() => {
      const known = labels.map((l, i) => [l, i] as const).filter(([l]) => typeof l === 'number');
      if (known.length === 0) return tf.scalar(0);
      // Gathering only when some labels are missing: its gradient (a segment sum) costs a pass of its own.
      const rows =
        known.length === labels.length
          ? outputs
          : tf.gather(
              outputs as tf.Tensor2D,
              known.map(([, i]) => i),
            );
      const onehot = tf.oneHot(
        tf.tensor1d(
          known.map(([l]) => l as number),
          'int32',
        ),
        this.classes.length,
      );
      return tf.losses.softmaxCrossEntropy(onehot, rows) as tf.Scalar;
    });
  }

  describe(): InferenceHead {
    return { kind: 'softmax', label: this.label, classes: this.classes };
  }

  decode(outputs: tf.Tensor): Item[] {
    const logp = tf.tidy(() => tf.logSoftmax(outputs as tf.Tensor2D));
    const data = logp.dataSync() as Float32Array;
    logp.dispose();
    const c = this.classes.length;
    return Array.from({ length: outputs.shape[0]! }, (_, b) => ({ data: data.slice(b * c, (b + 1) * c), shape: [c] }));
  }

  metrics(outputs: readonly Item[], labels: readonly LabelValue[]): Metrics {
    let n = 0;
    let right = 0;
    let nll = 0;
    outputs.forEach((o, i) => {
      const l = labels[i];
      if (typeof l !== 'number') return;
      n++;
      if (argmax(o.data) === l) right++;
      nll -= o.data[l]!;
    });
    return n ? { accuracy: right / n, loss: nll / n, n } : { n: 0 };
  }
}

/** Index of the largest value. */
export function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
  return best;
}
