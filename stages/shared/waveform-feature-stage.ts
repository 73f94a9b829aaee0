import type { FeatureMatrix } from '../../src/api/features.js';
import type { Item, Stage, StageContext } from '../../src/api/plugin.js';
import { waveformRate } from './waveform-checks.js';

/**
 * A hand-designed stage computing a feature matrix from each waveform on its own (mfcc, log-mel):
 * no training, one output per example.
 */
export abstract class WaveformFeatureStage<P> implements Stage {
  constructor(protected readonly ctx: StageContext<P>) {}

  /** The features of one waveform. */
  protected abstract compute(samples: Float32Array, sampleRate: number): FeatureMatrix;

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    const rate = waveformRate(this.ctx.inputTypes[0])!;
    return inputs[0]!.map((x) => {
      const m = this.compute(x.data, rate);
      return { data: m.data, shape: [m.numFrames, m.dim] };
    });
  }
}
