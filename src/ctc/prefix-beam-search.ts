/**
 * CTC prefix beam search: keeps the most promising label prefixes, each with the log-probability of all
 * alignments of the frames so far that end in a blank (pb) or in its last token (pnb). With a beam wide
 * enough to hold every prefix it computes exact labelling probabilities.
 */
import type { NumericArray } from './ctc-lattice.js';
import { logAdd } from './log-add.js';

/** A token-level model (language model, grammar) scored alongside the acoustics. */
export interface PrefixScorer {
  /** Log score of appending `token` to `prefix`, e.g. log P(token | prefix); -Infinity forbids it. */
  extend(prefix: readonly number[], token: number): number;
  /** Log score of ending after `prefix` (end of sentence); 0 when absent, -Infinity forbids ending there. */
  finish?(prefix: readonly number[]): number;
  /** Weight of the scorer's log scores against the acoustic log-probability. */
  weight: number;
}

export interface PrefixBeamSearchOptions {
  /** Prefixes kept per frame; default 8. */
  beamWidth?: number;
  /** Hypotheses returned; default beamWidth. */
  nBest?: number;
  /** Class index of the blank; default 0. */
  blank?: number;
  scorer?: PrefixScorer;
  /** Added per emitted token (offsets a language model's preference for short outputs); default 0. */
  insertionBonus?: number;
  /** Constraint: may `token` follow `prefix`? Absent means every token may. */
  allowed?: (prefix: readonly number[], token: number) => boolean;
}

/** One decoded labelling: score = logProb + weight * scorerScore + insertionBonus * tokens.length. */
export interface Hypothesis {
  tokens: number[];
  /** Acoustic log-probability: log of the summed probability of the labelling's alignments. */
  logProb: number;
  /** Sum of the scorer's log scores (extensions and finish); 0 without a scorer. */
  scorerScore: number;
  score: number;
}

interface Beam {
  tokens: number[];
  pb: number;
  pnb: number;
  lm: number;
}

/** n-best labellings of the first T frames of log-probabilities laid out [T, C], best first. */
export function prefixBeamSearch(
  logProbs: NumericArray,
  T: number,
  C: number,
  options: PrefixBeamSearchOptions = {},
): Hypothesis[] {
  const beamWidth = options.beamWidth ?? 8;
  const nBest = options.nBest ?? beamWidth;
  const blank = options.blank ?? 0;
  const bonus = options.insertionBonus ?? 0;
  const { scorer, allowed } = options;
  const weight = scorer?.weight ?? 0;
  if (!Number.isInteger(beamWidth) || beamWidth < 1)
    throw new RangeError(`prefixBeamSearch: beamWidth ${beamWidth} must be a positive integer`);
  if (logProbs.length < T * C) throw new RangeError(`prefixBeamSearch: ${T} frames of ${C} classes exceed the data`);
  const rank = (b: Beam): number => logAdd(b.pb, b.pnb) + weight * b.lm + bonus * b.tokens.length;

  let beams = new Map<string, Beam>([['', { tokens: [], pb: 0, pnb: -Infinity, lm: 0 }]]);
  for (let t = 0; t < T; t++) {
    const row = t * C;
    const next = new Map<string, Beam>();
    const entry = (key: string, tokens: () => number[], lm: () => number): Beam => {
      let b = next.get(key);
      if (b === undefined) next.set(key, (b = { tokens: tokens(), pb: -Infinity, pnb: -Infinity, lm: lm() }));
      return b;
    };
    for (const [key, beam] of beams) {
      const total = logAdd(beam.pb, beam.pnb);
      const last = beam.tokens.length > 0 ? beam.tokens[beam.tokens.length - 1]! : -1;
      const same = entry(
        key,
        () => beam.tokens,
        () => beam.lm,
      );
      same.pb = logAdd(same.pb, total + logProbs[row + blank]!);
      // Repeating the last token without a blank in between does not lengthen the labelling.
      if (last >= 0) same.pnb = logAdd(same.pnb, beam.pnb + logProbs[row + last]!);
      for (let c = 0; c < C; c++) {
        if (c === blank) continue;
        const lp = logProbs[row + c]!;
        if (lp === -Infinity) continue;
        const childKey = key === '' ? String(c) : `${key},${c}`;
        let child = next.get(childKey);
        if (child === undefined) {
          if (allowed !== undefined && !allowed(beam.tokens, c)) continue;
          const lm = scorer === undefined ? 0 : beam.lm + scorer.extend(beam.tokens, c);
          if (lm === -Infinity) continue;
          child = entry(
            childKey,
            () => [...beam.tokens, c],
            () => lm,
          );
        }
        // After the same token, only a path that went through a blank starts a new token.
        child.pnb = logAdd(child.pnb, (c === last ? beam.pb : total) + lp);
      }
    }
    beams = prune(next, beamWidth, rank);
  }

  const finals: Hypothesis[] = [];
  for (const beam of beams.values()) {
    const end = scorer?.finish?.(beam.tokens) ?? 0;
    const scorerScore = beam.lm + end;
    const logProb = logAdd(beam.pb, beam.pnb);
    const score = logProb + weight * scorerScore + bonus * beam.tokens.length;
    if (score > -Infinity) finals.push({ tokens: beam.tokens, logProb, scorerScore, score });
  }
  return finals.sort((a, b) => b.score - a.score).slice(0, nBest);
}

function prune(beams: Map<string, Beam>, width: number, rank: (b: Beam) => number): Map<string, Beam> {
  if (beams.size <= width) return beams;
  const ranked = [...beams].map(([key, b]) => ({ key, b, r: rank(b) })).sort((x, y) => y.r - x.r);
  return new Map(ranked.slice(0, width).map(({ key, b }) => [key, b]));
}
