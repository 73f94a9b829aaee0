// tfjs-core and tfjs-layers rather than the tfjs umbrella: the inference runtime defines this layer too
// (src/runtime/custom-layers.ts), and a page must not download the whole of tfjs for it.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Shape = (number | null)[];

/**
 * The compression of a learned filterbank: channels come in pairs (two phases of one band, like a
 * cosine and a sine filter), whose squares add up to a phase-invariant band energy e, returned as
 * log(e + floor). The floor sits near the level of silence, so zero padding looks like silence.
 */
export class LogPower extends tfl.layers.Layer {
  static readonly className = 'LogPower';
  private readonly floor: number;

  constructor(args: { floor?: number; name?: string } = {}) {
    super({ name: args.name });
    this.floor = args.floor ?? 1e-2;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const shape = x.shape as number[];
      const bands = shape[shape.length - 1]! / 2;
      const pairs = tf.reshape(tf.square(x), [...shape.slice(0, -1), bands, 2]);
      return tf.log(tf.add(tf.sum(pairs, -1), this.floor));
    });
  }

  override computeOutputShape(shape: Shape | Shape[]): Shape | Shape[] {
    const s = shape as Shape;
    return [...s.slice(0, -1), (s[s.length - 1] as number) / 2];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), floor: this.floor };
  }
}
tf.serialization.registerClass(LogPower);
