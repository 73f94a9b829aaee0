import { inject, injectable } from 'inversify';
import { computeMfcc, type FeatureMatrix } from '../../src/api/features.js';
import { STAGE_CONTEXT, type StageContext } from '../../src/api/plugin.js';
import type { MfccParams } from '../generated/mfcc.params.js';
import { WaveformFeatureStage } from '../shared/waveform-feature-stage.js';

/** MFCCs of each waveform. */
@injectable()
export class MfccStage extends WaveformFeatureStage<MfccParams> {
  protected readonly features = 'mfcc';

  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<MfccParams>) {
    super(ctx);
  }

  protected compute(samples: Float32Array, sampleRate: number): FeatureMatrix {
    return computeMfcc(samples, sampleRate, this.ctx.params);
  }
}
