import { mfccOptionProblems, mfccOutputDim } from '../../src/api/features.js';
import { loadSchema, type StageDescriptor } from '../../src/api/plugin.js';
import type { MfccParams } from '../generated/mfcc.params.js';
import { waveformFeatureChecks, waveformRate } from '../shared/waveform-checks.js';

/** Hand-designed: mel-frequency cepstral coefficients (with deltas and CMVN) of each utterance. */
export const mfccDescriptor: StageDescriptor<MfccParams> = {
  kind: 'mfcc',
  description: 'MFCCs: pre-emphasis, framing, window, FFT, mel filterbank, log, DCT-II, lifter, deltas, CMVN.',
  version: 1,
  paramsSchema: loadSchema('stages/mfcc.params.schema.json'),
  inputs: () => [{ name: 'audio', kinds: ['waveform'] }],
  output: (p) => ({ kind: 'frames', dims: [mfccOutputDim(p)] }),
  check: (p, inputs) => waveformFeatureChecks(mfccOptionProblems(p, waveformRate(inputs[0])), inputs),
  fit: 'none',
  collapse: 'fixed',
  learnedReplacement: 'learned-filterbank',
};
