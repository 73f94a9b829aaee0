import type { FeatureMatrix } from '../../src/api/features.js';
import type { InferenceOp, Item, Stage, StageContext } from '../../src/api/plugin.js';
import { waveformRate } from './waveform-checks.js';

/**
 * A hand-designed stage computing a feature matrix from each waveform on its own (mfcc, log-mel):
 * no training, one output per example.
 */
export abstract class WaveformFeatureStage<P> implements Stage {
  constructor(protected readonly ctx: StageContext<P>) {}

  /** The features of one waveform. */
  protected abstract compute(samples: Float32Array, sampleRate: number): FeatureMatrix;

  /** Which feature code the runtime runs (the same function as here). */
  protected abstract readonly features: 'mfcc' | 'log-mel';

  inference(): InferenceOp {
    return {
      op: 'features',
      features: this.features,
      sampleRate: waveformRate(this.ctx.inputTypes[0])!,
      params: this.ctx.params as Record<string, unknown>,
    };
  }

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    const rate = waveformRate(this.ctx.inputTypes[0])!;
    return inputs[0]!.map((x) => {
      const m = this.compute(x.data, rate);
      return { data: m.data, shape: [m.numFrames, m.dim] };
    });
  }
}
