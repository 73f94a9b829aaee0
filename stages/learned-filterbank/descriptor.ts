import { loadSchema, type StageDescriptor } from '../../src/api/plugin.js';
import type { LearnedFilterbankParams } from '../generated/learned-filterbank.params.js';
import { waveformRate } from '../shared/waveform-checks.js';

/**
 * A learned front end on the waveform: peak normalisation, two strided convolution filters per band
 * (a window wide, a hop apart: two phases, like cosine and sine), their energy in log scale, then
 * batch normalisation. What mfcc and log-mel become inside a collapsed network.
 */
export const learnedFilterbankDescriptor: StageDescriptor<LearnedFilterbankParams> = {
  kind: 'learned-filterbank',
  description: 'Strided 1-D convolution filterbank on the waveform with log power compression, learned end to end.',
  version: 2,
  paramsSchema: loadSchema('stages/learned-filterbank.params.schema.json'),
  inputs: () => [{ name: 'audio', kinds: ['waveform'] }],
  output: (p) => ({ kind: 'frames', dims: [p.filters] }),
  check: (_p, inputs) =>
    waveformRate(inputs[0]) === undefined
      ? [
          {
            code: 'unknown-sample-rate',
            message: 'the waveform has no known sample rate',
            hint: 'read it through an audio-input stage',
          },
        ]
      : [],
  fit: 'supervised',
  labelKinds: ['class', 'sequence'],
  collapse: 'layers',
};
