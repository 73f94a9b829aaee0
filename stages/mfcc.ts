import { inject, injectable } from 'inversify';
import { computeMfcc, mfccOptionProblems, mfccOutputDim, type MfccOptions } from '../src/features/mfcc.js';
import type { MfccParams } from '../src/spec/generated/stages/mfcc.params.js';
import type { StageContext } from '../src/stage/stage-context.js';
import type { StageDescriptor } from '../src/stage/stage-descriptor.js';
import { STAGE_CONTEXT } from '../src/stage/tokens.js';
import { loadSchema } from '../src/util/package-root.js';
import { WaveformFeatureStage, waveformFeatureChecks, waveformRate } from './waveform-features.js';
import type { FeatureMatrix } from '../src/features/feature-matrix.js';

/** Hand-designed: mel-frequency cepstral coefficients (with deltas and CMVN) of each utterance. */
@injectable()
export class MfccStage extends WaveformFeatureStage<MfccParams> {
  static readonly descriptor: StageDescriptor<MfccParams> = {
    kind: 'mfcc',
    description: 'MFCCs: pre-emphasis, framing, window, FFT, mel filterbank, log, DCT-II, lifter, deltas, CMVN.',
    version: 1,
    paramsSchema: loadSchema('stages/mfcc.params.schema.json'),
    inputs: () => [{ name: 'audio', kinds: ['waveform'] }],
    output: (p) => ({ kind: 'frames', dims: [mfccOutputDim(p as Partial<MfccOptions>)] }),
    check: (p, inputs) =>
      waveformFeatureChecks(mfccOptionProblems(p as Partial<MfccOptions>, waveformRate(inputs[0])), inputs),
    fit: 'none',
    endToEnd: 'fixed',
    learnedReplacement: 'learned-filterbank',
  };

  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<MfccParams>) {
    super(ctx);
  }

  protected compute(samples: Float32Array, sampleRate: number): FeatureMatrix {
    return computeMfcc(samples, sampleRate, this.ctx.params as Partial<MfccOptions>);
  }
}
