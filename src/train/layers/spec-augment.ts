import * as tf from '@tensorflow/tfjs';
import { SeededLayer } from './seeded-layer.js';

export interface SpecAugmentArgs {
  /** Bands of features zeroed per example, each up to `freqWidth` wide. */
  freqMasks: number;
  freqWidth: number;
  /** Spans of frames zeroed per example, each up to `timeWidth` long. */
  timeMasks: number;
  timeWidth: number;
  seed: number;
  name?: string;
}

/**
 * SpecAugment's masking (Park et al., 2019) on feature frames [B, T, F], in training only: random
 * feature bands and time spans of each example are set to zero, a different draw every step,
 * reproducible from the seed. Makes acoustic models lean less on any one band or moment, which helps
 * most on speakers they have not heard.
 */
export class SpecAugment extends SeededLayer {
  static readonly className = 'SpecAugment';
  private readonly a: SpecAugmentArgs;

  constructor(args: SpecAugmentArgs) {
    super(args.seed, args.name);
    this.a = args;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training) return x;
    const [B, T, F] = x.shape as [number, number, number];
    const mask = new Float32Array(B * T * F).fill(1);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < this.a.freqMasks; k++) {
        const w = this.rng.int(this.a.freqWidth + 1);
        const f0 = this.rng.int(Math.max(1, F - w));
        for (let t = 0; t < T; t++) for (let f = f0; f < f0 + w && f < F; f++) mask[(b * T + t) * F + f] = 0;
      }
      for (let k = 0; k < this.a.timeMasks; k++) {
        const w = this.rng.int(this.a.timeWidth + 1);
        const t0 = this.rng.int(Math.max(1, T - w));
        for (let t = t0; t < t0 + w && t < T; t++) mask.fill(0, (b * T + t) * F, (b * T + t + 1) * F);
      }
    }
    return tf.tidy(() => tf.mul(x, tf.tensor3d(mask, [B, T, F])));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.a } as unknown as tf.serialization.ConfigDict;
  }
}
tf.serialization.registerClass(SpecAugment);
