/** Additive white noise at an exact signal-to-noise ratio, for augmentation and robustness tests. */
import type { Random } from '../util/random.js';

/**
 * Returns `x` plus white Gaussian noise scaled so that the realised SNR (mean signal power over mean noise
 * power, over the whole signal) is exactly `snrDb`. Silent input (zero power) has no defined SNR and is
 * returned as an unchanged copy.
 */
export function addNoise(x: Float32Array, snrDb: number, random: Random): Float32Array {
  if (!Number.isFinite(snrDb)) throw new RangeError(`addNoise: snrDb must be a finite number of dB, got ${snrDb}`);
  const n = x.length;
  const out = Float32Array.from(x);
  let signal = 0;
  for (let i = 0; i < n; i++) signal += x[i]! * x[i]!;
  if (signal === 0) return out;
  const noise = new Float64Array(n);
  let drawn = 0;
  for (let i = 0; i < n; i++) {
    const v = random.normal();
    noise[i] = v;
    drawn += v * v;
  }
  const gain = Math.sqrt(signal / (drawn * 10 ** (snrDb / 10)));
  for (let i = 0; i < n; i++) out[i] = x[i]! + gain * noise[i]!;
  return out;
}
