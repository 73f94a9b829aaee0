import { inject, injectable } from 'inversify';
import { STAGE_CONTEXT, type InferenceOp, type Item, type Stage, type StageContext } from '../../src/api/plugin.js';
import type { AudioInputParams } from '../generated/audio-input.params.js';

/** Passes the dataset's waveforms on (the dataset already resampled them to the pipeline's rate). */
@injectable()
export class AudioInputStage implements Stage {
  constructor(@inject(STAGE_CONTEXT) private readonly ctx: StageContext<AudioInputParams>) {}

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    return [...inputs[0]!];
  }

  /** The runtime takes audio at any rate and resamples it to this one, as the dataset did. */
  inference(): InferenceOp {
    return { op: 'audio-input', sampleRate: this.ctx.params.sampleRate };
  }
}
