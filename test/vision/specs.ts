/** Small vision pipelines (shapes, street scenes) shared by the vision tests; they run in seconds on wasm. */
import type { PipelineSpec } from '../../src/spec/generated/pipeline-spec.js';

/** Plain shapes of four classes classified by a small CNN. */
export function shapesSpec(overrides: Partial<PipelineSpec> = {}): PipelineSpec {
  return {
    name: 'shapes',
    dataset: {
      kind: 'shapes',
      params: { classes: ['circle', 'square', 'triangle', 'cross'], perClass: 100 },
      split: { kind: 'official' },
    },
    stages: [
      { id: 'data', kind: 'input' },
      {
        id: 'classifier',
        kind: 'conv-classifier',
        inputs: ['data'],
        supervision: 'shape',
        params: { filters: [8, 16], hidden: [32] },
      },
    ],
    training: { epochs: 8, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.005 }, seed: 1 },
    ...overrides,
  };
}

/** Street scenes with partly unknown multi-labels, detected by a small CNN with a sigmoid head. */
export function streetSpec(overrides: Partial<PipelineSpec> = {}): PipelineSpec {
  return {
    name: 'street',
    dataset: { kind: 'street-scenes', params: { count: 600 }, split: { kind: 'official' } },
    stages: [
      { id: 'data', kind: 'input' },
      {
        id: 'detector',
        kind: 'conv-classifier',
        inputs: ['data'],
        supervision: 'objects',
        params: { filters: [8, 16], hidden: [32] },
      },
    ],
    training: { epochs: 8, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.005 }, seed: 1 },
    ...overrides,
  };
}
