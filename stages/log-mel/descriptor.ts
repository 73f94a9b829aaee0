import { logMelOptionProblems, logMelOutputDim } from '../../src/api/features.js';
import { loadSchema, type StageDescriptor } from '../../src/api/plugin.js';
import type { LogMelParams } from '../generated/log-mel.params.js';
import { waveformFeatureChecks, waveformRate } from '../shared/waveform-checks.js';

/** Hand-designed: log mel filterbank energies (the usual input of end-to-end networks). */
export const logMelDescriptor: StageDescriptor<LogMelParams> = {
  kind: 'log-mel',
  description: 'Log mel filterbank energies per frame (same filterbank code as mfcc).',
  version: 1,
  paramsSchema: loadSchema('stages/log-mel.params.schema.json'),
  inputs: () => [{ name: 'audio', kinds: ['waveform'] }],
  output: (p) => ({ kind: 'frames', dims: [logMelOutputDim(p)] }),
  check: (p, inputs) => waveformFeatureChecks(logMelOptionProblems(p, waveformRate(inputs[0])), inputs),
  fit: 'none',
  collapse: 'fixed',
  learnedReplacement: 'learned-filterbank',
};
