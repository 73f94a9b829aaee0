import { injectable, inject } from 'inversify';
import type { Item } from '../src/stage/item.js';
import type { Stage } from '../src/stage/stage.js';
import type { StageDescriptor } from '../src/stage/stage-descriptor.js';
import { STAGE_CONTEXT } from '../src/stage/tokens.js';
import { loadSchema } from '../src/util/package-root.js';

/** The source of a pipeline: passes the dataset's inputs on unchanged, whatever their type. */
@injectable()
export class InputStage implements Stage {
  static readonly descriptor: StageDescriptor = {
    kind: 'input',
    description: "The dataset's inputs (vectors, images, waveforms), unchanged.",
    version: 1,
    paramsSchema: loadSchema('stages/input.params.schema.json'),
    inputs: () => [{ name: 'data', kinds: ['waveform', 'frames', 'vector', 'image'] }],
    output: (_params, inputs) => inputs[0]!,
    fit: 'none',
    endToEnd: 'source',
  };

  constructor(@inject(STAGE_CONTEXT) _ctx: unknown) {}

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    return [...inputs[0]!];
  }
}
