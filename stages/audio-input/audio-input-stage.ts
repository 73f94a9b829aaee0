import { inject, injectable } from 'inversify';
import { STAGE_CONTEXT, type Item, type Stage } from '../../src/api/plugin.js';

/** Passes the dataset's waveforms on (the dataset already resampled them to the pipeline's rate). */
@injectable()
export class AudioInputStage implements Stage {
  constructor(@inject(STAGE_CONTEXT) _ctx: unknown) {}

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    return [...inputs[0]!];
  }
}
