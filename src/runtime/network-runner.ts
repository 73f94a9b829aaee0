import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { InferenceHead, InferenceOp } from '../core/inference.js';
import type { Item } from '../core/item.js';
import { ctcHypotheses } from '../speech/ctc-hypotheses.js';
import { padSequences, stackItems } from '../train/batching.js';

type NetworkOp = Extract<InferenceOp, { op: 'network' }>;

/**
 * Runs an exported network on one example as training's prediction does: the sequence padded to the
 * length multiple, every head's output decoded (CTC posteriors or n-best, class log-probabilities,
 * sigmoid probabilities). Returns one item per head, the main head first.
 */
export function runNetwork(model: tfl.LayersModel, op: NetworkOp, x: Item): Item[] {
  const outLength = op.sequenceInput ? Math.ceil(x.shape[0]! / op.outputDivisor) : 1;
  const raw = tf.tidy(() => {
    const input = op.sequenceInput
      ? (() => {
          const p = padSequences([x], op.lengthMultiple);
          return tf.tensor3d(p.data, [...p.shape]);
        })()
      : (() => {
          const s = stackItems([x]);
          return tf.tensor(s.data, s.shape);
        })();
    const out = model.predict(input) as tf.Tensor | tf.Tensor[];
    return (Array.isArray(out) ? out : [out]).map((o, k) => activate(op.heads[k]!, o));
  });
  try {
    return raw.map((t, k) => decodeHead(op.heads[k]!, t.dataSync() as Float32Array, t.shape, outLength));
  } finally {
    raw.forEach((t) => t.dispose());
  }
}

/** The head's output activation, as its training head applies it before decoding. */
function activate(h: InferenceHead, out: tf.Tensor): tf.Tensor {
  return h.kind === 'sigmoid' ? tf.sigmoid(out) : tf.logSoftmax(out);
}

function decodeHead(h: InferenceHead, data: Float32Array, shape: readonly number[], len: number): Item {
  if (h.kind !== 'ctc') return { data: data.slice(), shape: shape.slice(1) };
  const [, T, C] = shape as [number, number, number];
  const frames = data.slice(0, Math.min(T, len) * C);
  return h.decodeAs === 'hypotheses'
    ? ctcHypotheses(frames, Math.min(T, len), C, h)
    : { data: frames, shape: [Math.min(T, len), C] };
}
