import * as tf from '@tensorflow/tfjs';
import { SeededLayer } from './seeded-layer.js';

interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

/**
 * Dropout whose masks are reproducible from a seed yet differ from step to step. (tf.layers.dropout
 * with a seed draws the same mask on every call; without one, runs do not repeat.)
 */
export class SeededDropout extends SeededLayer {
  static readonly className = 'SeededDropout';
  private readonly rate: number;

  constructor(args: SeededDropoutArgs) {
    super(args.seed, args.name);
    this.rate = args.rate;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.rate <= 0) return x;
    const seed = this.rng.seed();
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

/** A seeded dropout layer. */
export function seededDropout(rate: number, seed: number, name?: string): SeededDropout {
  return new SeededDropout({ rate, seed, ...(name ? { name } : {}) });
}
