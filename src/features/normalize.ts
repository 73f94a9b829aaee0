/**
 * Per-utterance normalisation: 'cmn' subtracts each column's mean over the utterance, 'cmvn' also divides
 * by its (population) standard deviation, giving zero mean and unit variance per column. A column that is
 * constant (std <= 1e-8, e.g. a single frame) is only mean-subtracted, so it becomes zeros, not NaN.
 */
import type { FeatureMatrix } from './feature-matrix.js';

/** Normalisation modes. */
export type NormalizeMode = 'cmvn' | 'cmn' | 'none';

const STD_FLOOR = 1e-8;

/** Normalises the columns of `m` in place and returns it. Statistics are accumulated in float64. */
export function normalizeInPlace(m: FeatureMatrix, mode: NormalizeMode): FeatureMatrix {
  if (mode === 'none' || m.numFrames === 0) return m;
  const { data, numFrames, dim } = m;
  const mean = new Float64Array(dim);
  for (let p = 0; p < data.length; p += dim) for (let i = 0; i < dim; i++) mean[i]! += data[p + i]!;
  for (let i = 0; i < dim; i++) mean[i]! /= numFrames;
  const scale = new Float64Array(dim).fill(1);
  if (mode === 'cmvn') {
    const sq = new Float64Array(dim);
    for (let p = 0; p < data.length; p += dim) {
      for (let i = 0; i < dim; i++) {
        const d = data[p + i]! - mean[i]!;
        sq[i]! += d * d;
      }
    }
    for (let i = 0; i < dim; i++) {
      const std = Math.sqrt(sq[i]! / numFrames);
      if (std > STD_FLOOR) scale[i] = 1 / std;
    }
  }
  for (let p = 0; p < data.length; p += dim)
    for (let i = 0; i < dim; i++) data[p + i] = (data[p + i]! - mean[i]!) * scale[i]!;
  return m;
}

/** A normalised copy of `m`. */
export function normalizeFeatures(m: FeatureMatrix, mode: NormalizeMode): FeatureMatrix {
  return normalizeInPlace({ data: m.data.slice(), numFrames: m.numFrames, dim: m.dim }, mode);
}
