// tfjs-core and tfjs-layers rather than the tfjs umbrella: the inference runtime defines this layer too
// (src/runtime/custom-layers.ts), and a page must not download the whole of tfjs for it.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Shape = (number | null)[];

/**
 * Scales each example so its largest absolute value is 1: recordings come at very different levels,
 * and zero padding does not change the peak (unlike a mean or variance), so no mask is needed.
 */
export class PeakNormalize extends tfl.layers.Layer {
  static readonly className = 'PeakNormalize';

  constructor(args: { name?: string } = {}) {
    super({ name: args.name });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const axes = Array.from({ length: x.rank - 1 }, (_, i) => i + 1);
      return tf.div(x, tf.add(tf.max(tf.abs(x), axes, true), 1e-6));
    });
  }

  override computeOutputShape(shape: Shape | Shape[]): Shape | Shape[] {
    return shape;
  }
}
tf.serialization.registerClass(PeakNormalize);
