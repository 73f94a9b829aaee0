/**
 * Log mel filterbank energies ("fbank"): the MFCC pipeline stopped before the DCT, through the same
 * MelFrontend and filterbank, then optional deltas and per-utterance normalisation.
 */
import { StageError, type Problem } from '../errors/pipeline-error.js';
import { appendDeltaColumns } from './deltas.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { MelFrontend } from './mel-frontend.js';
import { normalizeInPlace } from './normalize.js';
import { optionProblems, withDefaults, withDeltasDim, type SpectralOptions } from './spectral-options.js';

/** Log-mel options; all fields have defaults (defaultLogMelOptions). */
export type LogMelOptions = SpectralOptions;

/** Defaults; schemas/stages/log-mel.params.schema.json carries the same values. */
export const defaultLogMelOptions: Readonly<LogMelOptions> = Object.freeze({
  preEmphasis: 0.97,
  windowMs: 25,
  hopMs: 10,
  window: 'hamming',
  fftSize: null,
  padding: 'end',
  spectrum: 'power',
  melBands: 40,
  melScale: 'htk',
  melNorm: 'none',
  lowHz: 20,
  highHz: null,
  logFloor: 1e-10,
  deltas: false,
  deltaDeltas: false,
  deltaWindow: 2,
  normalize: 'cmvn',
});

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
