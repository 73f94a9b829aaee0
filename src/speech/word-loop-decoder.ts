import { ctcLogLikelihood } from '../ctc/ctc-likelihood.js';
import { prefixBeamSearch } from '../ctc/prefix-beam-search.js';
import type { WordHypothesis } from './hypotheses.js';

export interface WordLoopOptions {
  readonly beamWidth?: number;
  readonly nBest?: number;
  readonly minWords?: number;
  /** At most this many words (1: isolated words, scored exactly). */
  readonly maxWords?: number;
  /** Added (log domain) per word, to balance deletions against insertions. */
  readonly wordBonus?: number;
}

interface TrieNode {
  readonly next: Map<number, TrieNode>;
  readonly words: number[];
}

/** A reachable point in the lexicon after some phonemes: a trie node and the words finished before it. */
interface State {
  readonly node: TrieNode;
  readonly words: number;
}

/**
 * Lexicon-constrained decoding of CTC phoneme posteriors into words, with no word-level training:
 * isolated words are scored exactly (each pronunciation's CTC likelihood, summed over its
 * alignments); sentences are decoded by a CTC prefix beam search over phonemes constrained to a
 * loop of the lexicon's words (a trie), then segmented into words.
 */
export class WordLoopDecoder {
  private readonly root: TrieNode = { next: new Map(), words: [] };

  constructor(
    /** Per word, its pronunciations as phone ids (blank = 0). */
    private readonly pronunciations: readonly (readonly (readonly number[])[])[],
    private readonly o: WordLoopOptions = {},
  ) {
    pronunciations.forEach((prons, w) => {
      for (const p of prons) {
        let n = this.root;
        for (const ph of p) {
          let c = n.next.get(ph);
          if (!c) n.next.set(ph, (c = { next: new Map(), words: [] }));
          n = c;
        }
        n.words.push(w);
      }
    });
  }

  /** n-best word sequences of one utterance's log-posteriors [T, C], best first. */
  decode(logProbs: Float32Array, T: number, C: number): WordHypothesis[] {
    if (this.o.maxWords === 1) return this.isolated(logProbs, T, C);
    return this.sentence(logProbs, T, C);
  }

  private isolated(logProbs: Float32Array, T: number, C: number): WordHypothesis[] {
    const scored = this.pronunciations.map((prons, w) => {
      let best = -Infinity;
      for (const p of prons) best = logSumExp(best, ctcLogLikelihood(logProbs, T, C, p as number[]));
      return { words: [w], acoustic: best, score: best + (this.o.wordBonus ?? 0) };
    });
    return scored.sort((a, b) => b.score - a.score).slice(0, this.o.nBest ?? scored.length);
  }

  private sentence(logProbs: Float32Array, T: number, C: number): WordHypothesis[] {
    const memo = new Map<string, State[]>([['', [{ node: this.root, words: 0 }]]]);
    const maxWords = this.o.maxWords ?? Infinity;
    const minWords = this.o.minWords ?? 1;
    const states = (prefix: readonly number[]): State[] => {
      const key = prefix.join(',');
      const hit = memo.get(key);
      if (hit) return hit;
      const parent = states(prefix.slice(0, -1));
      const s = this.advance(parent, prefix[prefix.length - 1]!, maxWords);
      memo.set(key, s);
      return s;
    };
    const bonus = this.o.wordBonus ?? 0;
    const hyps = prefixBeamSearch(logProbs, T, C, {
      beamWidth: this.o.beamWidth ?? 16,
      nBest: Math.max(this.o.nBest ?? 8, 8),
      allowed: (prefix, token) => this.advance(states(prefix), token, maxWords).length > 0,
      scorer: {
        weight: 1,
        // A token that can only start a new word pays (or earns) the word bonus once.
        extend: (prefix, token) => (states(prefix).some((s) => s.node.next.has(token)) ? 0 : bonus),
        finish: (prefix) =>
          states(prefix).some((s) => s.node.words.length > 0 && s.words + 1 >= minWords && s.words + 1 <= maxWords)
            ? bonus
            : -Infinity,
      },
    });
    const out: WordHypothesis[] = [];
    const seen = new Set<string>();
    for (const h of hyps) {
      if (!Number.isFinite(h.score)) continue;
      const words = this.segment(h.tokens);
      if (!words || seen.has(words.join(','))) continue;
      seen.add(words.join(','));
      out.push({ words, acoustic: h.logProb, score: h.score });
    }
    return out.slice(0, this.o.nBest ?? 8);
  }

  /** States reachable from `from` by one more phoneme (continuing a word, or starting the next one). */
  private advance(from: readonly State[], token: number, maxWords: number): State[] {
    const out: State[] = [];
    for (const s of from) {
      const c = s.node.next.get(token);
      if (c) out.push({ node: c, words: s.words });
      if (s.node.words.length > 0 && s.words + 1 < maxWords) {
        const r = this.root.next.get(token);
        if (r) out.push({ node: r, words: s.words + 1 });
      }
    }
    return dedupe(out);
  }

  /** Words of a phoneme sequence (fewest words first); undefined when it is not a word sequence. */
  private segment(tokens: readonly number[]): number[] | undefined {
    const best: (number[] | undefined)[] = new Array(tokens.length + 1);
    best[0] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (!best[i]) continue;
      let n: TrieNode | undefined = this.root;
      for (let j = i; j < tokens.length && n; j++) {
        n = n.next.get(tokens[j]!);
        if (n && n.words.length > 0) {
          const cand = [...best[i]!, n.words[0]!];
          if (!best[j + 1] || cand.length < best[j + 1]!.length) best[j + 1] = cand;
        }
      }
    }
    return best[tokens.length];
  }
}

function dedupe(states: State[]): State[] {
  const seen = new Set<string>();
  return states.filter((s) => {
    const k = `${idOf(s.node)}:${s.words}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const ids = new WeakMap<TrieNode, number>();
let nextId = 0;
function idOf(n: TrieNode): number {
  let id = ids.get(n);
  if (id === undefined) ids.set(n, (id = nextId++));
  return id;
}

function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}
