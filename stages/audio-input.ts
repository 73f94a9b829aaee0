import { inject, injectable } from 'inversify';
import type { AudioInputParams } from '../src/spec/generated/stages/audio-input.params.js';
import type { Item } from '../src/stage/item.js';
import type { Stage } from '../src/stage/stage.js';
import type { StageDescriptor } from '../src/stage/stage-descriptor.js';
import { STAGE_CONTEXT } from '../src/stage/tokens.js';
import { loadSchema } from '../src/util/package-root.js';

/** The source of a speech pipeline: mono waveforms at the pipeline's sample rate. */
@injectable()
export class AudioInputStage implements Stage {
  static readonly descriptor: StageDescriptor<AudioInputParams> = {
    kind: 'audio-input',
    description: 'Mono waveforms at one sample rate; the dataset resamples every recording to it.',
    version: 1,
    paramsSchema: loadSchema('stages/audio-input.params.schema.json'),
    inputs: () => [{ name: 'audio', kinds: ['waveform'] }],
    output: (p) => ({ kind: 'waveform', dims: [p.sampleRate ?? 8000] }),
    requirements: (p) => ({ sampleRate: p.sampleRate ?? 8000 }),
    fit: 'none',
    endToEnd: 'source',
  };

  constructor(@inject(STAGE_CONTEXT) _ctx: unknown) {}

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    return [...inputs[0]!];
  }
}
