/**
 * The mel scale and the ONE triangular mel filterbank used by both MFCC and log-mel features.
 *
 * Band m (0-based) is a triangle over frequency in Hz with corners at e[m], e[m+1], e[m+2], where e holds
 * numBands + 2 points equally spaced on the mel scale from lowHz to highHz (the librosa / torchaudio
 * construction: triangles linear in Hz, corners not rounded to FFT bins, so narrow bands keep their shape).
 * Weights are sampled at bin frequencies k * sampleRate / fftSize, k = 0..fftSize/2, and stored sparsely.
 */
import { StageError } from '../errors/pipeline-error.js';

/**
 * 'htk': 2595 log10(1 + f/700). 'slaney': linear below 1 kHz, logarithmic above (Auditory Toolbox, librosa's
 * default).
 */
export type MelScale = 'htk' | 'slaney';

/** 'none': peak 1 per triangle. 'slaney': each triangle scaled to unit area in Hz (2 / (e[m+2] - e[m])). */
export type MelNorm = 'none' | 'slaney';

const SLANEY_HZ_PER_MEL = 200 / 3;
const SLANEY_BREAK_HZ = 1000;
const SLANEY_BREAK_MEL = SLANEY_BREAK_HZ / SLANEY_HZ_PER_MEL;
const SLANEY_LOG_STEP = Math.log(6.4) / 27;

/** Hz to mel. */
export function hzToMel(hz: number, scale: MelScale = 'htk'): number {
  if (scale === 'htk') return 2595 * Math.log10(1 + hz / 700);
  return hz < SLANEY_BREAK_HZ
    ? hz / SLANEY_HZ_PER_MEL
    : SLANEY_BREAK_MEL + Math.log(hz / SLANEY_BREAK_HZ) / SLANEY_LOG_STEP;
}

/** Mel to Hz (inverse of hzToMel). */
export function melToHz(mel: number, scale: MelScale = 'htk'): number {
  if (scale === 'htk') return 700 * (10 ** (mel / 2595) - 1);
  return mel < SLANEY_BREAK_MEL
    ? mel * SLANEY_HZ_PER_MEL
    : SLANEY_BREAK_HZ * Math.exp(SLANEY_LOG_STEP * (mel - SLANEY_BREAK_MEL));
}

/** What determines a filterbank. */
export interface MelFilterbankSpec {
  readonly sampleRate: number;
  readonly fftSize: number;
  readonly numBands: number;
  readonly lowHz: number;
  readonly highHz: number;
  readonly scale: MelScale;
  readonly norm: MelNorm;
}

/** A sparse filterbank: band m has weights[offset[m] + i] at bin start[m] + i, for i < end[m] - start[m]. */
export interface MelFilterbank {
  readonly spec: MelFilterbankSpec;
  readonly numBins: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly offset: Int32Array;
  readonly weights: Float64Array;
  /** numBands + 2 corner frequencies in Hz. */
  readonly edgesHz: Float64Array;
}

const cache = new Map<string, MelFilterbank>();

/** Builds (or returns the cached) filterbank; throws StageError if a band would hold no FFT bin. */
export function melFilterbank(spec: MelFilterbankSpec): MelFilterbank {
  const key = JSON.stringify(spec);
  const hit = cache.get(key);
  if (hit) return hit;
  const { sampleRate, fftSize, numBands, lowHz, highHz, scale, norm } = spec;
  const numBins = fftSize / 2 + 1;
  const lo = hzToMel(lowHz, scale);
  const step = (hzToMel(highHz, scale) - lo) / (numBands + 1);
  const edgesHz = new Float64Array(numBands + 2);
  for (let i = 0; i < edgesHz.length; i++) edgesHz[i] = melToHz(lo + i * step, scale);
  const binHz = sampleRate / fftSize;
  const start = new Int32Array(numBands);
  const end = new Int32Array(numBands);
  const offset = new Int32Array(numBands + 1);
  const rows: number[][] = [];
  for (let m = 0; m < numBands; m++) {
    const [left, center, right] = [edgesHz[m]!, edgesHz[m + 1]!, edgesHz[m + 2]!];
    const gain = norm === 'slaney' ? 2 / (right - left) : 1;
    const row: number[] = [];
    start[m] = Math.max(0, Math.floor(left / binHz) + 1);
    for (let k = start[m]!; k < numBins && k * binHz < right; k++) {
      const f = k * binHz;
      row.push(gain * Math.max(0, Math.min((f - left) / (center - left), (right - f) / (right - center))));
    }
    end[m] = start[m]! + row.length;
    if (!row.some((w) => w > 0)) {
      throw new StageError(
        `mel band ${m} (${left.toFixed(1)}-${right.toFixed(1)} Hz) holds no FFT bin: ` +
          `bins are ${binHz.toFixed(2)} Hz apart (fftSize ${fftSize} at ${sampleRate} Hz)`,
        { hint: 'use fewer melBands, a larger fftSize or a higher lowHz' },
      );
    }
    offset[m + 1] = offset[m]! + row.length;
    rows.push(row);
  }
  const weights = new Float64Array(rows.flat());
  const fb = { spec: { ...spec }, numBins, start, end, offset, weights, edgesHz };
  if (cache.size >= 64) cache.delete(cache.keys().next().value!);
  cache.set(key, fb);
  return fb;
}

/** Band energies: out[m] = sum_k weight[m][k] * spectrum[k]. */
export function applyFilterbank(fb: MelFilterbank, spectrum: Float64Array, out: Float64Array): void {
  const { start, end, offset, weights } = fb;
  for (let m = 0; m < start.length; m++) {
    const s = start[m]!;
    const n = end[m]! - s;
    const o = offset[m]!;
    let acc = 0;
    for (let i = 0; i < n; i++) acc += weights[o + i]! * spectrum[s + i]!;
    out[m] = acc;
  }
}

/** The filterbank as a dense [numBands, fftSize/2 + 1] row-major matrix (for inspection and plots). */
export function filterbankMatrix(fb: MelFilterbank): Float64Array {
  const dense = new Float64Array(fb.start.length * fb.numBins);
  for (let m = 0; m < fb.start.length; m++) {
    for (let k = fb.start[m]!; k < fb.end[m]!; k++)
      dense[m * fb.numBins + k] = fb.weights[fb.offset[m]! + k - fb.start[m]!]!;
  }
  return dense;
}
