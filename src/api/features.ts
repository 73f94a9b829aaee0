/** `concertina/features`: hand-designed speech features (MFCC, log-mel), the same code in training and inference. */
export type { FeatureMatrix } from '../features/feature-matrix.js';
export {
  computeMfcc,
  defaultMfccOptions,
  mfccOptionProblems,
  mfccOutputDim,
  resolveMfccOptions,
  type MfccOptions,
} from '../features/mfcc.js';
export {
  computeLogMel,
  defaultLogMelOptions,
  logMelOptionProblems,
  logMelOutputDim,
  resolveLogMelOptions,
  type LogMelOptions,
} from '../features/log-mel.js';
