import { loadSchema, type StageDescriptor } from '../../src/api/plugin.js';
import type { AudioInputParams } from '../generated/audio-input.params.js';

/** The source of a speech pipeline: mono waveforms at the pipeline's sample rate. */
export const audioInputDescriptor: StageDescriptor<AudioInputParams> = {
  kind: 'audio-input',
  description: 'Mono waveforms at one sample rate; the dataset resamples every recording to it.',
  version: 1,
  paramsSchema: loadSchema('stages/audio-input.params.schema.json'),
  inputs: () => [{ name: 'audio', kinds: ['waveform'] }],
  output: (p) => ({ kind: 'waveform', dims: [p.sampleRate] }),
  requirements: (p) => ({ sampleRate: p.sampleRate }),
  fit: 'none',
  collapse: 'source',
};
