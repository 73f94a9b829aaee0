import type { PipelineSpec } from '../../src/spec/generated/pipeline-spec.js';

/** A small valid tabular spec; tests break it in one place at a time. */
export function tabularSpec(overrides: Partial<PipelineSpec> = {}): PipelineSpec {
  return {
    name: 'tiny',
    dataset: {
      kind: 'synthetic-tabular',
      params: { classes: 3, features: 6, informative: 3, examplesPerClass: 60, separation: 3 },
      split: { kind: 'official' },
    },
    stages: [
      { id: 'data', kind: 'input' },
      { id: 'features', kind: 'standardize', inputs: ['data'] },
      {
        id: 'classifier',
        kind: 'dense-classifier',
        inputs: ['features'],
        supervision: 'label',
        params: { hidden: [16] },
      },
    ],
    training: { epochs: 3, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 }, seed: 1 },
    ...overrides,
  };
}
