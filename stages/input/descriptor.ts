import { loadSchema, type StageDescriptor } from '../../src/api/plugin.js';
import type { InputParams } from '../generated/input.params.js';

/** The source of a pipeline: passes the dataset's inputs on unchanged, whatever their type. */
export const inputDescriptor: StageDescriptor<InputParams> = {
  kind: 'input',
  description: "The dataset's inputs (vectors, images, waveforms), unchanged.",
  version: 1,
  paramsSchema: loadSchema('stages/input.params.schema.json'),
  inputs: () => [{ name: 'data', kinds: ['waveform', 'frames', 'vector', 'image'] }],
  output: (_params, inputs) => inputs[0]!,
  fit: 'none',
  collapse: 'source',
};
