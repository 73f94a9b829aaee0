import type { Item } from '../core/item.js';

/** One decoded word sequence with its scores (log domain). */
export interface WordHypothesis {
  readonly words: readonly number[];
  /** Acoustic log-probability (all CTC alignments of the sequence). */
  readonly acoustic: number;
  /** Score the producer ranked by (acoustic plus any bonus it applied). */
  readonly score: number;
}

/**
 * n-best lists travel between stages as items: [count, (score, acoustic, length, ...words)*]. Best
 * first. This is the `hypotheses[W]` port type.
 */
export function encodeHypotheses(hyps: readonly WordHypothesis[]): Item {
  const n = hyps.reduce((k, h) => k + 3 + h.words.length, 1);
  const data = new Float32Array(n);
  data[0] = hyps.length;
  let o = 1;
  for (const h of hyps) {
    data[o++] = Math.max(h.score, -3.4e38);
    data[o++] = Math.max(h.acoustic, -3.4e38);
    data[o++] = h.words.length;
    for (const w of h.words) data[o++] = w;
  }
  return { data, shape: [n] };
}

/** Reads an n-best list back. */
export function decodeHypotheses(x: Item): WordHypothesis[] {
  const d = x.data;
  const out: WordHypothesis[] = [];
  let o = 1;
  for (let i = 0; i < d[0]!; i++) {
    const score = d[o++]!;
    const acoustic = d[o++]!;
    const len = d[o++]!;
    out.push({ score, acoustic, words: Array.from(d.subarray(o, o + len)) });
    o += len;
  }
  return out;
}

/** The best word sequence of an n-best list (empty when the list is). */
export function bestWords(x: Item): number[] {
  const h = decodeHypotheses(x)[0];
  return h ? [...h.words] : [];
}
