/**
 * Log mel filterbank energies ("fbank"): the MFCC pipeline stopped before the DCT, through the same
 * MelFrontend and filterbank, then optional deltas and per-utterance normalisation.
 */
import { StageError, type Problem } from '../errors/pipeline-error.js';
import { appendDeltaColumns } from './deltas.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { LOG_MEL_DEFAULTS } from './generated/log-mel-defaults.js';
import { MelFrontend } from './mel-frontend.js';
import { normalizeInPlace } from './normalize.js';
import { optionProblems, withDefaults, withDeltasDim, type SpectralOptions } from './spectral-options.js';

/** Log-mel options; all fields have defaults (defaultLogMelOptions). */
export type LogMelOptions = SpectralOptions;

/** Defaults: those of the stage's schema (generated from schemas/stages/, the one source). */
export const defaultLogMelOptions: Readonly<LogMelOptions> = LOG_MEL_DEFAULTS;

/** Options with defaults filled in. */
export function resolveLogMelOptions(options: Partial<LogMelOptions> = {}): LogMelOptions {
  return withDefaults(defaultLogMelOptions, options);
}

/** Output dimension: melBands * (1 + deltas + deltaDeltas). Pure: needs no audio. */
export function logMelOutputDim(options: Partial<LogMelOptions> = {}): number {
  const o = resolveLogMelOptions(options);
  return withDeltasDim(o.melBands, o);
}

/** Every problem with `options` (and with `sampleRate`, when given), as spec problems with /field pointers. */
export function logMelOptionProblems(options: Partial<LogMelOptions>, sampleRate?: number): Problem[] {
  return optionProblems(resolveLogMelOptions(options), defaultLogMelOptions, 'log-mel', sampleRate);
}

/** Log mel energies of mono `samples`: [numFrames, logMelOutputDim(options)]. Throws StageError on bad options. */
export function computeLogMel(
  samples: Float32Array,
  sampleRate: number,
  options: Partial<LogMelOptions> = {},
): FeatureMatrix {
  const o = resolveLogMelOptions(options);
  const problems = logMelOptionProblems(o, sampleRate);
  if (problems.length > 0)
    throw new StageError(problems.map((p) => p.message).join('; '), { hint: problems.find((p) => p.hint)?.hint });
  const frontend = MelFrontend.for(sampleRate, o);
  const numFrames = frontend.numFrames(samples.length);
  const dim = logMelOutputDim(o);
  const B = o.melBands;
  const data = new Float32Array(numFrames * dim);
  frontend.run(samples, (t, logMel) => {
    const row = t * dim;
    for (let b = 0; b < B; b++) data[row + b] = logMel[b]!;
  });
  appendDeltaColumns(data, numFrames, dim, B, o.deltas, o.deltaDeltas, o.deltaWindow);
  return normalizeInPlace({ data, numFrames, dim }, o.normalize);
}
