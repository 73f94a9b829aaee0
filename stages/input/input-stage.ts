import { inject, injectable } from 'inversify';
import { STAGE_CONTEXT, type Item, type Stage } from '../../src/api/plugin.js';

/** Passes the dataset's inputs on unchanged. */
@injectable()
export class InputStage implements Stage {
  constructor(@inject(STAGE_CONTEXT) _ctx: unknown) {}

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    return [...inputs[0]!];
  }
}
