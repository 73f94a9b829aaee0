// tfjs-core and tfjs-layers rather than the tfjs umbrella: the inference runtime defines this layer too
// (src/runtime/custom-layers.ts), and a page must not download the whole of tfjs for it.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Shape = (number | null)[];

/**
 * Standardises each image to mean 0 and standard deviation 1 over all its pixels and channels (no
 * weights). Brightness and contrast then stop mattering: a faint, grey x-ray and a white-on-black
 * drawing reach the first convolution on the same scale. Colours keep their relative values.
 */
export class ImageStandardize extends tfl.layers.Layer {
  static readonly className = 'ImageStandardize';

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const axes = x.shape.slice(1).map((_, i) => i + 1);
      const centred = x.sub(x.mean(axes, true));
      // The epsilon keeps a flat image (all one value) at 0 instead of 0/0.
      return centred.div(centred.square().mean(axes, true).add(1e-6).sqrt());
    });
  }

  override computeOutputShape(shape: Shape | Shape[]): Shape | Shape[] {
    return shape;
  }
}
tf.serialization.registerClass(ImageStandardize);

/** A per-image standardisation layer. */
export function imageStandardize(name?: string): ImageStandardize {
  return new ImageStandardize(name ? { name } : {});
}
