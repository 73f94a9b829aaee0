/**
 * Mel-frequency cepstral coefficients: pre-emphasis, framing, window, power spectrum, mel filterbank, log,
 * orthonormal DCT-II, sinusoidal lifter, then optional deltas / delta-deltas and per-utterance normalisation
 * of every output column. Defaults follow HTK / python_speech_features conventions for 8-16 kHz speech.
 */
import { StageError, type Problem } from '../errors/pipeline-error.js';
import { dctMatrix } from './dct.js';
import { appendDeltaColumns } from './deltas.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { MFCC_DEFAULTS } from './generated/mfcc-defaults.js';
import { lifterWeights } from './lifter.js';
import { MelFrontend } from './mel-frontend.js';
import { normalizeInPlace } from './normalize.js';
import {
  optionProblems,
  withDefaults,
  withDeltasDim,
  type CrossProblem,
  type FieldCheck,
  type SpectralOptions,
} from './spectral-options.js';

/** MFCC options; all fields have defaults (defaultMfccOptions). */
export interface MfccOptions extends SpectralOptions {
  /** Cepstral coefficients per frame (the static dimension). */
  coefficients: number;
  /** Lifter parameter L (HTK CEPLIFTER); 0 disables liftering. */
  lifter: number;
  /** First coefficient: 'c0' (DCT c0), 'log-energy' (log raw frame energy replaces c0), 'none' (c1..cK). */
  energy: 'c0' | 'log-energy' | 'none';
}

/** Defaults: those of the stage's schema (generated from schemas/stages/, the one source). */
export const defaultMfccOptions: Readonly<MfccOptions> = MFCC_DEFAULTS;

/** Options with defaults filled in. */
export function resolveMfccOptions(options: Partial<MfccOptions> = {}): MfccOptions {
  return withDefaults(defaultMfccOptions, options);
}

/** Output dimension: coefficients * (1 + deltas + deltaDeltas). Pure: needs no audio. */
export function mfccOutputDim(options: Partial<MfccOptions> = {}): number {
  const o = resolveMfccOptions(options);
  return withDeltasDim(o.coefficients, o);
}

const mfccChecks: Record<string, FieldCheck> = {
  coefficients: (v) => (Number.isInteger(v) && (v as number) >= 1 ? undefined : 'must be a positive integer'),
  lifter: (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'must be a number >= 0 (0 disables)',
  energy: (v) =>
    ['c0', 'log-energy', 'none'].includes(v as string) ? undefined : 'must be one of "c0", "log-energy", "none"',
};

function mfccCross(o: Record<string, unknown>): CrossProblem[] {
  const { coefficients, melBands, energy } = o as unknown as MfccOptions;
  const needed = coefficients + (energy === 'none' ? 1 : 0);
  if (needed <= melBands) return [];
  const from = energy === 'none' ? ' from c1' : '';
  return [
    {
      field: 'coefficients',
      message: `(${coefficients}${from}) needs at least ${needed} melBands, got ${melBands}`,
      hint: 'raise melBands or lower coefficients',
    },
  ];
}

/** Every problem with `options` (and with `sampleRate`, when given), as spec problems with /field pointers. */
export function mfccOptionProblems(options: Partial<MfccOptions>, sampleRate?: number): Problem[] {
  return optionProblems(resolveMfccOptions(options), defaultMfccOptions, 'MFCC', sampleRate, mfccChecks, mfccCross);
}

const cepstra = new Map<string, Float64Array>();

/** DCT rows for the kept coefficients with the lifter folded in, cached. */
function cepstralMatrix(o: MfccOptions): Float64Array {
  const first = o.energy === 'none' ? 1 : 0;
  const key = `${o.melBands}/${o.coefficients}/${first}/${o.lifter}`;
  let m = cepstra.get(key);
  if (!m) {
    m = dctMatrix(o.melBands, o.coefficients, first).slice();
    const w = lifterWeights(o.coefficients, o.lifter, first);
    for (let r = 0; r < o.coefficients; r++) for (let b = 0; b < o.melBands; b++) m[r * o.melBands + b]! *= w[r]!;
    cepstra.set(key, m);
  }
  return m;
}

/** MFCCs of mono `samples` at `sampleRate`: [numFrames, mfccOutputDim(options)]. Throws StageError on bad options. */
export function computeMfcc(
  samples: Float32Array,
  sampleRate: number,
  options: Partial<MfccOptions> = {},
): FeatureMatrix {
  const o = resolveMfccOptions(options);
  const problems = mfccOptionProblems(o, sampleRate);
  if (problems.length > 0)
    throw new StageError(problems.map((p) => p.message).join('; '), { hint: problems.find((p) => p.hint)?.hint });
  const frontend = MelFrontend.for(sampleRate, o);
  const numFrames = frontend.numFrames(samples.length);
  const dim = mfccOutputDim(o);
  const data = new Float32Array(numFrames * dim);
  const dct = cepstralMatrix(o);
  const K = o.coefficients;
  const B = o.melBands;
  const logEnergy = o.energy === 'log-energy';
  frontend.run(
    samples,
    (t, logMel, energy) => {
      const row = t * dim;
      for (let r = 0, p = 0; r < K; r++) {
        let acc = 0;
        for (let b = 0; b < B; b++, p++) acc += dct[p]! * logMel[b]!;
        data[row + r] = acc;
      }
      if (logEnergy) data[row] = energy;
    },
    logEnergy,
  );
  appendDeltaColumns(data, numFrames, dim, K, o.deltas, o.deltaDeltas, o.deltaWindow);
  return normalizeInPlace({ data, numFrames, dim }, o.normalize);
}
