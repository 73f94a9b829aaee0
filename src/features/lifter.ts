/** Sinusoidal cepstral liftering (HTK, Kaldi), which evens out the range of higher cepstral coefficients. */

/**
 * Weights w_i = 1 + (L/2) sin(pi i / L) for cepstral indices i = first..first+count-1; L = 0 gives all ones.
 */
export function lifterWeights(count: number, L: number, first = 0): Float64Array {
  const w = new Float64Array(count).fill(1);
  if (L > 0) for (let r = 0; r < count; r++) w[r] = 1 + (L / 2) * Math.sin((Math.PI * (first + r)) / L);
  return w;
}

/** Multiplies each row of a [numFrames, dim] matrix by lifter weights, in place, over its first `w.length` columns. */
export function applyLifter(data: Float32Array | Float64Array, dim: number, w: Float64Array): void {
  for (let p = 0; p < data.length; p += dim) for (let i = 0; i < w.length; i++) data[p + i]! *= w[i]!;
}
