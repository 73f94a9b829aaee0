import { inject, injectable } from 'inversify';
import { STAGE_CONTEXT, type InferenceOp, type Item, type Stage, type StageContext } from '../../src/api/plugin.js';

/** Passes the dataset's inputs on unchanged. */
@injectable()
export class InputStage implements Stage {
  constructor(@inject(STAGE_CONTEXT) private readonly ctx: StageContext) {}

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    return [...inputs[0]!];
  }

  inference(): InferenceOp {
    return { op: 'input', shape: this.ctx.outputType.dims.map((d) => (typeof d === 'number' ? d : -1)) };
  }
}
