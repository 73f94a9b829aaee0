import * as tf from '@tensorflow/tfjs';

/**
 * The compression of a learned filterbank: channels come in pairs (two phases of one band, like a
 * cosine and a sine filter), whose squares add up to a phase-invariant band energy e, returned as
 * log(e + floor). The floor sits near the level of silence, so zero padding looks like silence.
 */
export class LogPower extends tf.layers.Layer {
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

  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const s = shape as tf.Shape;
    return [...s.slice(0, -1), (s[s.length - 1] as number) / 2];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), floor: this.floor };
  }
}
tf.serialization.registerClass(LogPower);
