/** The Kaiser window and the windowed-sinc low-pass kernel the resampler is built from. */

/** Zeroth-order modified Bessel function of the first kind, by its power series (converges fast for beta < 30). */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200 && term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/**
 * Low-pass windowed-sinc kernel `sinc(u) * kaiser(u / zeroCrossings)` at `u` measured in zero crossings of
 * the sinc (so it reaches 0 at u = ±zeroCrossings); unscaled: the caller multiplies by 2 * cutoff.
 */
export function kaiserSinc(u: number, zeroCrossings: number, beta: number, i0Beta = besselI0(beta)): number {
  const r = u / zeroCrossings;
  if (r <= -1 || r >= 1) return 0;
  const sinc = u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
  return (sinc * besselI0(beta * Math.sqrt(1 - r * r))) / i0Beta;
}
