/** Best-path CTC decoding: the most probable class per frame, repeats merged, blanks dropped. */
import type { NumericArray } from './ctc-lattice.js';

/** Best path of the first T frames of log-probabilities (or posteriors) laid out [T, C]; ties go to the lower class. */
export function greedyDecode(logProbs: NumericArray, T: number, C: number, blank = 0): number[] {
  return greedyDecodeAt(logProbs, 0, T, C, blank);
}

/** Best path of each example of a batch laid out [B, maxT, C], over its own length. */
export function greedyDecodeBatch(
  logProbs: NumericArray,
  B: number,
  maxT: number,
  C: number,
  lengths: readonly number[],
  blank = 0,
): number[][] {
  if (lengths.length !== B) throw new RangeError(`greedyDecodeBatch: ${B} examples but ${lengths.length} lengths`);
  return lengths.map((len, b) => {
    if (len > maxT) throw new RangeError(`greedyDecodeBatch: length ${len} of example ${b} exceeds ${maxT} frames`);
    return greedyDecodeAt(logProbs, b * maxT * C, len, C, blank);
  });
}

function greedyDecodeAt(src: NumericArray, offset: number, T: number, C: number, blank: number): number[] {
  if (src.length < offset + T * C) throw new RangeError(`greedyDecode: ${T} frames of ${C} classes exceed the data`);
  const out: number[] = [];
  let prev = -1;
  for (let t = 0; t < T; t++) {
    const row = offset + t * C;
    let best = 0;
    for (let k = 1; k < C; k++) if (src[row + k]! > src[row + best]!) best = k;
    // A blank between two equal tokens separates them, so `prev` tracks blanks too.
    if (best !== blank && best !== prev) out.push(best);
    prev = best;
  }
  return out;
}
