import { ctcForward, extendLabel, latticeEmissions, type NumericArray } from './ctc-lattice.js';
import { checkBlank, checkLabel } from './ctc-validate.js';

/**
 * log p(label | frames) by the CTC forward algorithm over log-probabilities laid out [T, C]; -Infinity if
 * impossible.
 */
export function ctcLogLikelihood(
  logProbs: NumericArray,
  T: number,
  C: number,
  label: readonly number[],
  blank = 0,
): number {
  checkBlank(blank, C);
  checkLabel(label, C, blank);
  if (!Number.isInteger(T) || T < 0 || logProbs.length < T * C) {
    throw new RangeError(`ctcLogLikelihood: ${T} frames of ${C} classes need ${T * C} values, got ${logProbs.length}`);
  }
  const ext = extendLabel(label, blank);
  const em = latticeEmissions(logProbs, 0, T, C, ext);
  return ctcForward(em, T, ext, new Float64Array(em.length));
}
