/**
 * Options shared by MFCC and log-mel features (everything up to and including the log mel energies, plus
 * deltas and normalisation), and their checks. Field names equal the `params` of the stage schemas.
 */
import type { Problem } from '../errors/pipeline-error.js';
import type { FramePadding } from './framing.js';
import type { MelNorm, MelScale } from './mel.js';
import type { NormalizeMode } from './normalize.js';
import { WINDOW_KINDS, type WindowKind } from './window.js';

/** Options common to every mel-spectral feature. */
export interface SpectralOptions {
  /** Pre-emphasis coefficient a in y[n] = x[n] - a x[n-1]; 0 disables. */
  preEmphasis: number;
  windowMs: number;
  hopMs: number;
  window: WindowKind;
  /** FFT length; null = the next power of two of the window length. */
  fftSize: number | null;
  padding: FramePadding;
  /** Filterbank input: power |X|^2 or magnitude |X|. */
  spectrum: 'power' | 'magnitude';
  melBands: number;
  melScale: MelScale;
  melNorm: MelNorm;
  lowHz: number;
  /** Upper edge of the filterbank; null = Nyquist (sampleRate / 2). */
  highHz: number | null;
  /** Energies below this are clamped before the log, so silence gives log(logFloor), not -Infinity. */
  logFloor: number;
  deltas: boolean;
  deltaDeltas: boolean;
  deltaWindow: number;
  normalize: NormalizeMode;
}

/** Checks one field's value: undefined when fine, else what is wrong ("must be ..."). */
export type FieldCheck = (v: unknown) => string | undefined;

/** A problem across fields, found once each field is valid on its own. */
export interface CrossProblem {
  readonly field: string;
  readonly message: string;
  readonly hint?: string;
}

const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const oneOf = (values: readonly unknown[]) => (v: unknown) =>
  values.includes(v) ? undefined : `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;

/** Per-field checks of the shared options. */
const fieldChecks: Record<string, FieldCheck> = {
  preEmphasis: (v) => (isNum(v) && v >= 0 && v <= 1 ? undefined : 'must be a number in [0, 1]'),
  windowMs: (v) => (isNum(v) && v > 0 ? undefined : 'must be a positive number of milliseconds'),
  hopMs: (v) => (isNum(v) && v > 0 ? undefined : 'must be a positive number of milliseconds'),
  window: oneOf(WINDOW_KINDS),
  fftSize: (v) =>
    v === null ||
    (isInt(v) && (v as number) >= 16 && (v as number) <= 16384 && ((v as number) & ((v as number) - 1)) === 0)
      ? undefined
      : 'must be null or a power of two from 16 to 16384',
  padding: oneOf(['end', 'none']),
  spectrum: oneOf(['power', 'magnitude']),
  melBands: (v) => (isInt(v) && (v as number) >= 1 ? undefined : 'must be a positive integer'),
  melScale: oneOf(['htk', 'slaney']),
  melNorm: oneOf(['none', 'slaney']),
  lowHz: (v) => (isNum(v) && v >= 0 ? undefined : 'must be a number of Hz >= 0'),
  highHz: (v) => (v === null || (isNum(v) && v > 0) ? undefined : 'must be null (Nyquist) or a positive number of Hz'),
  logFloor: (v) => (isNum(v) && v > 0 ? undefined : 'must be a positive number'),
  deltas: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  deltaDeltas: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  deltaWindow: (v) => (isInt(v) && (v as number) >= 1 ? undefined : 'must be a positive integer'),
  normalize: oneOf(['cmvn', 'cmn', 'none']),
};

/**
 * Checks resolved options (every field present) field by field (shared checks plus `ownChecks`), then across
 * fields (shared rules plus `cross`); `kind` names the feature in messages.
 */
export function optionProblems(
  options: object,
  defaults: object,
  kind: string,
  sampleRate?: number,
  ownChecks: Record<string, FieldCheck> = {},
  cross: (o: Record<string, unknown>) => CrossProblem[] = () => [],
): Problem[] {
  const o = options as Record<string, unknown>;
  const problems: Problem[] = [];
  const add = (field: string, message: string, hint?: string): void => {
    problems.push({
      code: 'invalid-feature-option',
      pointer: `/${field}`,
      message: `${kind} option ${field} ${message}`,
      ...(hint ? { hint } : {}),
    });
  };
  for (const key of Object.keys(o)) {
    if (!(key in defaults)) add(key, 'is not a known option', `known options: ${Object.keys(defaults).join(', ')}`);
    else {
      const why = (ownChecks[key] ?? fieldChecks[key])?.(o[key]);
      if (why) add(key, `${why}, got ${JSON.stringify(o[key])}`);
    }
  }
  if (problems.length > 0) return problems;
  const s = o as unknown as SpectralOptions;
  if (s.highHz !== null && s.highHz <= s.lowHz) add('highHz', `(${s.highHz}) must be above lowHz (${s.lowHz})`);
  if (sampleRate !== undefined && !(sampleRate > 0 && Number.isFinite(sampleRate))) {
    problems.push({
      code: 'invalid-sample-rate',
      message: `${kind}: the sample rate must be a positive number of Hz, got ${sampleRate}`,
    });
  } else if (sampleRate !== undefined) {
    const nyquist = sampleRate / 2;
    if (s.highHz !== null && s.highHz > nyquist)
      add(
        'highHz',
        `(${s.highHz} Hz) is above the Nyquist frequency of ${sampleRate} Hz audio (${nyquist} Hz)`,
        'use null for Nyquist',
      );
    if (s.highHz === null && s.lowHz >= nyquist)
      add('lowHz', `(${s.lowHz} Hz) must be below the Nyquist frequency (${nyquist} Hz)`);
    const frameLength = Math.round((s.windowMs * sampleRate) / 1000);
    if (s.fftSize !== null && s.fftSize < frameLength)
      add(
        'fftSize',
        `(${s.fftSize}) is shorter than the ${frameLength}-sample window (${s.windowMs} ms at ${sampleRate} Hz)`,
      );
    if (frameLength < 1 || Math.round((s.hopMs * sampleRate) / 1000) < 1)
      add('windowMs', `and hopMs must each span at least one sample at ${sampleRate} Hz`);
  }
  for (const p of cross(o)) add(p.field, p.message, p.hint);
  return problems;
}

/** Defaults overlaid with the given options (undefined values keep the default). */
export function withDefaults<T extends object>(defaults: Readonly<T>, options: Partial<T>): T {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Output width of statics plus optional deltas and delta-deltas. */
export function withDeltasDim(staticDim: number, o: Pick<SpectralOptions, 'deltas' | 'deltaDeltas'>): number {
  return staticDim * (1 + (o.deltas ? 1 : 0) + (o.deltaDeltas ? 1 : 0));
}
