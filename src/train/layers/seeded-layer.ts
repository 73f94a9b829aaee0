import * as tf from '@tensorflow/tfjs';
import { Random } from '../../util/random.js';

/**
 * A shape-preserving layer that draws random numbers in training (dropout, masking) from its own
 * seeded generator: reproducible from the seed, different at every step, and resumable from a
 * checkpoint through `rngState`.
 */
export abstract class SeededLayer extends tf.layers.Layer {
  protected rng: Random;

  constructor(
    protected readonly seed: number,
    name?: string,
  ) {
    super({ name });
    this.rng = new Random(seed);
  }

  /** Where the generator stands (saved in training checkpoints). */
  get rngState(): number {
    return this.rng.getState();
  }

  set rngState(s: number) {
    this.rng.setState(s);
  }

  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
  }
}
