/**
 * The CTC lattice of one sequence, in log space and float64: the label is extended with blanks
 * ([blank, l1, blank, l2, ..., blank], S = 2L + 1 states) and a path may stay in a state, move one state
 * on, or skip a blank between two different tokens. Only states that can still lie on a complete path
 * at frame t are visited (s <= 2t + 1 and s >= S - 2(T - t)), which also makes short inputs cheap.
 */
import { logAdd, logAdd3 } from './log-add.js';

/** Numeric arrays the lattice reads log-probabilities or logits from. */
export type NumericArray = Float32Array | Float64Array;

/** The label with a blank before, between and after its tokens. */
export function extendLabel(label: readonly number[], blank: number): Int32Array {
  const ext = new Int32Array(2 * label.length + 1).fill(blank);
  for (let i = 0; i < label.length; i++) ext[2 * i + 1] = label[i]!;
  return ext;
}

/** Adjacent equal tokens in a label; each pair needs a blank frame between them. */
export function countRepeats(label: readonly number[]): number {
  let repeats = 0;
  for (let i = 1; i < label.length; i++) if (label[i] === label[i - 1]) repeats++;
  return repeats;
}

/** The fewest input frames that can emit a label: its length plus one blank per repeat. */
export function minInputLength(label: readonly number[]): number {
  return label.length + countRepeats(label);
}

/**
 * Log-probability of each lattice state at each frame, em[t*S + s], read from frames laid out [T, C]
 * from `offset` in `src`; when `norm` is given, norm[normOffset + t] is subtracted (logits minus their
 * log-sum-exp gives log-softmax without materialising the [T, C] log-softmax).
 */
export function latticeEmissions(
  src: NumericArray,
  offset: number,
  T: number,
  C: number,
  ext: Int32Array,
  norm?: Float64Array,
  normOffset = 0,
): Float64Array {
  const S = ext.length;
  const em = new Float64Array(T * S);
  for (let t = 0; t < T; t++) {
    const row = offset + t * C;
    const z = norm === undefined ? 0 : norm[normOffset + t]!;
    for (let s = 0; s < S; s++) em[t * S + s] = src[row + ext[s]!]! - z;
  }
  return em;
}

/** Which states may be entered from two states back (a token after a blank after a different token). */
function skipMask(ext: Int32Array): Uint8Array {
  const skip = new Uint8Array(ext.length);
  for (let s = 3; s < ext.length; s += 2) skip[s] = ext[s] !== ext[s - 2] ? 1 : 0;
  return skip;
}

/** First and last state that can lie on a complete path at frame t of T. */
function bounds(t: number, T: number, S: number): [number, number] {
  return [Math.max(0, S - 2 * (T - t)), Math.min(S - 1, 2 * t + 1)];
}

/**
 * Forward algorithm: fills alpha[t*S + s] (log probability of all path prefixes ending in state s at
 * frame t, emission at t included) and returns log p(label | input); -Infinity when no path exists.
 */
export function ctcForward(em: Float64Array, T: number, ext: Int32Array, alpha: Float64Array): number {
  const S = ext.length;
  if (T === 0) return S === 1 ? 0 : -Infinity;
  if (T < minFrames(ext)) return -Infinity;
  const skip = skipMask(ext);
  alpha.fill(-Infinity, 0, T * S);
  alpha[0] = em[0]!;
  if (S > 1) alpha[1] = em[1]!;
  for (let t = 1; t < T; t++) {
    const [lo, hi] = bounds(t, T, S);
    const cur = t * S;
    const prev = cur - S;
    for (let s = lo; s <= hi; s++) {
      const a = logAdd3(
        alpha[prev + s]!,
        s >= 1 ? alpha[prev + s - 1]! : -Infinity,
        skip[s] === 1 ? alpha[prev + s - 2]! : -Infinity,
      );
      alpha[cur + s] = a === -Infinity ? a : a + em[cur + s]!;
    }
  }
  const last = (T - 1) * S;
  return S === 1 ? alpha[last]! : logAdd(alpha[last + S - 1]!, alpha[last + S - 2]!);
}

/**
 * Backward algorithm fused with the state posteriors: returns occupancy[t*S + s], the probability that a
 * path through the label is in state s at frame t (each frame sums to 1). Needs ctcForward's alpha and
 * a finite logLik.
 */
export function ctcOccupancy(
  em: Float64Array,
  T: number,
  ext: Int32Array,
  alpha: Float64Array,
  logLik: number,
): Float64Array {
  const S = ext.length;
  const skip = skipMask(ext);
  const occ = new Float64Array(T * S);
  if (T === 0) return occ;
  // beta excludes the emission at its own frame, so alpha + beta - logLik is the log posterior.
  const beta = new Float64Array(S).fill(-Infinity);
  const step = new Float64Array(S); // beta(t) + em(t): what moving into each state at frame t is worth
  beta[S - 1] = 0;
  if (S > 1) beta[S - 2] = 0;
  for (let t = T - 1; ; t--) {
    const [lo, hi] = bounds(t, T, S);
    const row = t * S;
    for (let s = lo; s <= hi; s++) {
      const g = alpha[row + s]! + beta[s]! - logLik;
      if (g > -Infinity) occ[row + s] = Math.exp(g);
    }
    if (t === 0) break;
    for (let s = lo; s <= hi; s++) step[s] = beta[s]! + em[row + s]!;
    step.fill(-Infinity, 0, lo);
    step.fill(-Infinity, hi + 1);
    const [plo, phi] = bounds(t - 1, T, S);
    beta.fill(-Infinity);
    for (let s = plo; s <= phi; s++) {
      beta[s] = logAdd3(
        step[s]!,
        s + 1 < S ? step[s + 1]! : -Infinity,
        s + 2 < S && skip[s + 2] === 1 ? step[s + 2]! : -Infinity,
      );
    }
  }
  return occ;
}

/** Minimum frames for an extended label (tokens plus repeats). */
function minFrames(ext: Int32Array): number {
  let n = 0;
  for (let s = 1; s < ext.length; s += 2) n += s >= 3 && ext[s] === ext[s - 2] ? 2 : 1;
  return n;
}
