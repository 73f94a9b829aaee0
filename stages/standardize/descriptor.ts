import { loadSchema, type StageDescriptor } from '../../src/api/plugin.js';
import type { StandardizeParams } from '../generated/standardize.params.js';

/**
 * Hand-designed normalisation: per-feature mean and standard deviation estimated on the training
 * split (over all frames for sequences), then applied to every example.
 */
export const standardizeDescriptor: StageDescriptor<StandardizeParams> = {
  kind: 'standardize',
  description: 'Subtract the training mean and divide by the training standard deviation of each feature.',
  version: 1,
  paramsSchema: loadSchema('stages/standardize.params.schema.json'),
  inputs: () => [{ name: 'features', kinds: ['vector', 'frames', 'image', 'scores', 'posteriors'] }],
  output: (_p, inputs) => inputs[0]!,
  fit: 'unsupervised',
  collapse: 'fixed',
};
