import { inject, injectable } from 'inversify';
import { computeLogMel, type FeatureMatrix } from '../../src/api/features.js';
import { STAGE_CONTEXT, type StageContext } from '../../src/api/plugin.js';
import type { LogMelParams } from '../generated/log-mel.params.js';
import { WaveformFeatureStage } from '../shared/waveform-feature-stage.js';

/** Log mel energies of each waveform. */
@injectable()
export class LogMelStage extends WaveformFeatureStage<LogMelParams> {
  protected readonly features = 'log-mel';

  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<LogMelParams>) {
    super(ctx);
  }

  protected compute(samples: Float32Array, sampleRate: number): FeatureMatrix {
    return computeLogMel(samples, sampleRate, this.ctx.params);
  }
}
