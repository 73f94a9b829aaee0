import * as tf from '@tensorflow/tfjs';
import { Random } from '../../util/random.js';

interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

/**
 * Dropout whose masks are reproducible from a seed yet differ from step to step. (tf.layers.dropout
 * with a seed draws the same mask on every call; without one, runs do not repeat.)
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'SeededDropout';
  private readonly rate: number;
  private readonly seed: number;
  private rng: Random;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    this.rate = args.rate;
    this.seed = args.seed;
    this.rng = new Random(args.seed);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.rate <= 0) return x;
    const seed = this.rng.seed();
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  /** Where the mask generator stands (saved in training checkpoints, so a resumed run draws the same masks). */
  get rngState(): number {
    return this.rng.getState();
  }

  set rngState(s: number) {
    this.rng.setState(s);
  }

  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
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
