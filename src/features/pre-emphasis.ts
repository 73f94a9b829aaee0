/** First-order pre-emphasis y[n] = x[n] - a x[n-1], which tilts the spectrum up to offset speech's -6 dB/octave. */

/**
 * Pre-emphasises the whole signal (not frame by frame, so each frame's first sample sees its true
 * predecessor); y[0] = x[0]. `out` may be `x` itself. A coefficient of 0 copies.
 */
export function preEmphasize<T extends Float32Array | Float64Array>(
  x: ArrayLike<number>,
  coefficient: number,
  out: T,
): T {
  const n = x.length;
  if (out.length < n) throw new RangeError(`preEmphasize: out holds ${out.length} samples, needs ${n}`);
  // Backwards, so in-place use reads each x[i-1] before it is overwritten.
  for (let i = n - 1; i > 0; i--) out[i] = x[i]! - coefficient * x[i - 1]!;
  if (n > 0) out[0] = x[0]!;
  return out;
}
