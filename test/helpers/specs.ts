import type { PipelineSpec } from '../../src/spec/generated/pipeline-spec.js';

/** The tabular chain: input -> standardize -> dense classifier with these hidden layers. */
export function tabularStages(hidden: readonly number[]): PipelineSpec['stages'] {
  return [
    { id: 'data', kind: 'input' },
    { id: 'features', kind: 'standardize', inputs: ['data'] },
    {
      id: 'classifier',
      kind: 'dense-classifier',
      inputs: ['features'],
      supervision: 'label',
      params: { hidden: [...hidden] },
    },
  ];
}

/** A small valid tabular spec; tests break it in one place at a time. */
export function tabularSpec(overrides: Partial<PipelineSpec> = {}): PipelineSpec {
  return {
    name: 'tiny',
    dataset: {
      kind: 'synthetic-tabular',
      params: { classes: 3, features: 6, informative: 3, examplesPerClass: 60, separation: 3 },
      split: { kind: 'official' },
    },
    stages: tabularStages([16]),
    training: { epochs: 3, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 }, seed: 1 },
    ...overrides,
  };
}

/**
 * The speech chain of the README (audio -> mfcc -> phonemes -> words -> sentence) on generated speech:
 * only compiled and planned in the tests that use it (describing synthetic speech generates nothing).
 */
export function speechSpec(overrides: Partial<PipelineSpec> = {}): PipelineSpec {
  return {
    name: 'speech',
    dataset: { kind: 'synthetic-speech', params: { utterancesPerWord: 4 }, split: { kind: 'official' } },
    lexicon: {},
    stages: [
      { id: 'audio', kind: 'audio-input', params: { sampleRate: 8000 } },
      { id: 'features', kind: 'mfcc', inputs: ['audio'] },
      { id: 'phonemes', kind: 'phoneme-model', inputs: ['features'], supervision: 'phonemes', params: { units: 16 } },
      { id: 'words', kind: 'lexicon-decoder', inputs: ['phonemes'], supervision: 'words', params: { maxWords: 1 } },
      { id: 'sentence', kind: 'grammar', inputs: ['words'], supervision: 'words', params: { rule: 'digit' } },
    ],
    training: { epochs: 2, batchSize: 8, seed: 1 },
    ...overrides,
  };
}
