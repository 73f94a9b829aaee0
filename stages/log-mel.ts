import { inject, injectable } from 'inversify';
import { computeLogMel, logMelOptionProblems, logMelOutputDim, type LogMelOptions } from '../src/features/log-mel.js';
import type { LogMelParams } from '../src/spec/generated/stages/log-mel.params.js';
import type { StageContext } from '../src/stage/stage-context.js';
import type { StageDescriptor } from '../src/stage/stage-descriptor.js';
import { STAGE_CONTEXT } from '../src/stage/tokens.js';
import { loadSchema } from '../src/util/package-root.js';
import { WaveformFeatureStage, waveformFeatureChecks, waveformRate } from './waveform-features.js';
import type { FeatureMatrix } from '../src/features/feature-matrix.js';

/** Hand-designed: log mel filterbank energies (the usual input of end-to-end networks). */
@injectable()
export class LogMelStage extends WaveformFeatureStage<LogMelParams> {
  static readonly descriptor: StageDescriptor<LogMelParams> = {
    kind: 'log-mel',
    description: 'Log mel filterbank energies per frame (same filterbank code as mfcc).',
    version: 1,
    paramsSchema: loadSchema('stages/log-mel.params.schema.json'),
    inputs: () => [{ name: 'audio', kinds: ['waveform'] }],
    output: (p) => ({ kind: 'frames', dims: [logMelOutputDim(p as Partial<LogMelOptions>)] }),
    check: (p, inputs) =>
      waveformFeatureChecks(logMelOptionProblems(p as Partial<LogMelOptions>, waveformRate(inputs[0])), inputs),
    fit: 'none',
    endToEnd: 'fixed',
    learnedReplacement: 'learned-filterbank',
  };

  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<LogMelParams>) {
    super(ctx);
  }

  protected compute(samples: Float32Array, sampleRate: number): FeatureMatrix {
    return computeLogMel(samples, sampleRate, this.ctx.params as Partial<LogMelOptions>);
  }
}
