import { inject, injectable } from 'inversify';
import { computeLogMel, logMelOptionProblems, logMelOutputDim, type LogMelOptions } from '../src/features/log-mel.js';
import type { LogMelParams } from '../src/spec/generated/stages/log-mel.params.js';
import type { Item } from '../src/stage/item.js';
import type { Stage } from '../src/stage/stage.js';
import type { StageContext } from '../src/stage/stage-context.js';
import type { StageDescriptor } from '../src/stage/stage-descriptor.js';
import { STAGE_CONTEXT } from '../src/stage/tokens.js';
import { loadSchema } from '../src/util/package-root.js';
import { waveformFeatureChecks, waveformRate, waveformSamples } from './waveform-features.js';

/** Hand-designed: log mel filterbank energies (the usual input of end-to-end networks). */
@injectable()
export class LogMelStage implements Stage {
  static readonly descriptor: StageDescriptor<LogMelParams> = {
    kind: 'log-mel',
    description: 'Log mel filterbank energies per frame (same filterbank code as mfcc).',
    version: 1,
    paramsSchema: loadSchema('stages/log-mel.params.schema.json'),
    inputs: () => [{ name: 'audio', kinds: ['waveform'] }],
    output: (p) => ({ kind: 'frames', dims: [logMelOutputDim(p as Partial<LogMelOptions>)] }),
    check: (p, inputs) => waveformFeatureChecks(logMelOptionProblems(p as Partial<LogMelOptions>, waveformRate(inputs[0])), inputs),
    fit: 'none',
    endToEnd: 'fixed',
    learnedReplacement: 'learned-filterbank',
  };

  constructor(@inject(STAGE_CONTEXT) private readonly ctx: StageContext<LogMelParams>) {}

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    const rate = waveformRate(this.ctx.inputTypes[0])!;
    return inputs[0]!.map((x) => {
      const m = computeLogMel(waveformSamples(x), rate, this.ctx.params as Partial<LogMelOptions>);
      return { data: m.data, shape: [m.numFrames, m.dim] };
    });
  }
}
