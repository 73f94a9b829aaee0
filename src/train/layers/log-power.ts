import * as tf from '@tensorflow/tfjs';

/** log(x^2 + epsilon): the compression of a learned filterbank (a power spectrum in log scale). */
export class LogPower extends tf.layers.Layer {
  static readonly className = 'LogPower';
  private readonly epsilon: number;

  constructor(args: { epsilon?: number; name?: string } = {}) {
    super({ name: args.name });
    this.epsilon = args.epsilon ?? 1e-6;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => tf.log(tf.add(tf.square(x), this.epsilon)));
  }

  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(LogPower);
