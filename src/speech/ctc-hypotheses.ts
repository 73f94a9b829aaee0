import { prefixBeamSearch } from '../ctc/prefix-beam-search.js';
import type { Item } from '../core/item.js';
import { encodeHypotheses } from './hypotheses.js';

/**
 * The n-best token sequences of one utterance's CTC log-posteriors (`len` frames of `classes` units, blank at
 * 0), as an n-best item with token ids shifted to label ids (unit k is label k - 1). Training's CTC head and
 * the inference runtime both decode through this.
 */
export function ctcHypotheses(
  logPosteriors: Float32Array,
  len: number,
  classes: number,
  o: { readonly beamWidth: number; readonly nBest: number },
): Item {
  const hyps = prefixBeamSearch(logPosteriors, len, classes, { beamWidth: o.beamWidth, nBest: o.nBest });
  return encodeHypotheses(
    hyps.map((h) => ({ words: h.tokens.map((t) => t - 1), acoustic: h.logProb, score: h.score })),
  );
}
