import test from 'ava';
import { prefixBeamSearch } from '../../src/ctc/prefix-beam-search.js';
import { greedyDecode } from '../../src/ctc/greedy-decode.js';
import { labellingProbabilities, logSoftmaxRows, smallLogits } from './helpers.js';

/** Log-probabilities as float32 (what callers pass) and the same values as rows for brute force. */
function posteriors(T: number, C: number, seed: number, scale = 1.5): { flat: Float32Array; rows: number[][] } {
  const flat = Float32Array.from(logSoftmaxRows(smallLogits(T, C, seed, scale)).flat());
  const rows = Array.from({ length: T }, (_, t) => Array.from(flat.subarray(t * C, (t + 1) * C)));
  return { flat, rows };
}

test(
  'with a beam wide enough, the n-best are ' + 'the brute-force most probable labellings with exact probabilities',
  (t) => {
    for (const [T, C, seed] of [
      [4, 3, 1],
      [5, 3, 2],
      [5, 4, 3],
      [6, 3, 4],
      [4, 4, 5],
    ] as const) {
      const { flat, rows } = posteriors(T, C, seed);
      const exact = [...labellingProbabilities(rows)].sort((a, b) => b[1] - a[1]);
      const hyps = prefixBeamSearch(flat, T, C, { beamWidth: 10_000, nBest: 5 });
      t.is(hyps[0]!.tokens.join(','), exact[0]![0], `T=${T} C=${C}: best labelling`);
      hyps.forEach((h, i) => {
        t.is(h.tokens.join(','), exact[i]![0]);
        t.true(Math.abs(h.logProb - Math.log(exact[i]![1])) < 1e-9, `${h.logProb} vs ${Math.log(exact[i]![1])}`);
        t.is(h.score, h.logProb);
      });
    }
  },
);

test('the most probable labelling can differ from the best path, and the search finds it', (t) => {
  // Frames: blank 0.6 / a 0.4, twice. Best path is blank-blank (0.36) giving "", but "a" collects
  // a-a, a-blank and blank-a: 0.16 + 0.24 + 0.24 = 0.64.
  const flat = Float32Array.from([0.6, 0.4, 0.6, 0.4].map(Math.log));
  t.deepEqual(greedyDecode(flat, 2, 2), []);
  const [best] = prefixBeamSearch(flat, 2, 2, { beamWidth: 4 });
  t.deepEqual(best!.tokens, [1]);
  t.true(Math.abs(best!.logProb - Math.log(0.64)) < 1e-6);
});

test('a narrow beam still returns valid hypotheses, best first', (t) => {
  const { flat } = posteriors(8, 4, 9);
  const hyps = prefixBeamSearch(flat, 8, 4, { beamWidth: 2 });
  t.true(hyps.length >= 1 && hyps.length <= 2);
  t.true(hyps.every((h, i) => i === 0 || hyps[i - 1]!.score >= h.score));
  t.true(hyps.every((h) => h.tokens.every((k) => k >= 1 && k < 4)));
});

/** Three frames where token 1 is acoustically a little likelier than token 2. */
const ambiguous = Float32Array.from(
  [
    [0.2, 0.42, 0.38],
    [0.9, 0.05, 0.05],
    [0.9, 0.05, 0.05],
  ]
    .flat()
    .map(Math.log),
);

test('a token-level scorer (language model) changes the result when it outweighs the acoustics', (t) => {
  t.deepEqual(prefixBeamSearch(ambiguous, 3, 3)[0]!.tokens, [1]);
  const lm = { extend: (_p: readonly number[], k: number) => Math.log(k === 2 ? 0.9 : 0.1), weight: 1 };
  const [best] = prefixBeamSearch(ambiguous, 3, 3, { scorer: lm });
  t.deepEqual(best!.tokens, [2]);
  t.true(Math.abs(best!.scorerScore - Math.log(0.9)) < 1e-12);
  t.true(Math.abs(best!.score - (best!.logProb + Math.log(0.9))) < 1e-9);
  // A weak weight leaves the acoustics in charge.
  t.deepEqual(prefixBeamSearch(ambiguous, 3, 3, { scorer: { ...lm, weight: 0.01 } })[0]!.tokens, [1]);
  // finish() can forbid ending with an empty labelling.
  const [nonEmpty] = prefixBeamSearch(Float32Array.from([0.9, 0.05, 0.05].map(Math.log)), 1, 3, {
    scorer: { extend: () => 0, finish: (p) => (p.length === 0 ? -Infinity : 0), weight: 1 },
  });
  t.is(nonEmpty!.tokens.length, 1);
});

test('the allowed-next-token hook constrains the output', (t) => {
  const [best] = prefixBeamSearch(ambiguous, 3, 3, { allowed: (_p, k) => k !== 1 });
  t.deepEqual(best!.tokens, [2]);
  const hyps = prefixBeamSearch(posteriors(6, 4, 3).flat, 6, 4, {
    beamWidth: 50,
    allowed: (p, k) => p.length === 0 || k > p[p.length - 1]!, // strictly increasing token sequences
  });
  t.true(hyps.length > 1);
  t.true(hyps.every((h) => h.tokens.every((k, i) => i === 0 || k > h.tokens[i - 1]!)));
});

test('insertion bonus favours longer outputs; bad arguments throw', (t) => {
  const { flat } = posteriors(6, 3, 12);
  const plain = prefixBeamSearch(flat, 6, 3)[0]!;
  const long = prefixBeamSearch(flat, 6, 3, { insertionBonus: 10 })[0]!;
  t.true(long.tokens.length > plain.tokens.length);
  t.throws(() => prefixBeamSearch(flat, 6, 3, { beamWidth: 0 }), { instanceOf: RangeError });
  t.throws(() => prefixBeamSearch(flat, 7, 3), { instanceOf: RangeError });
  t.deepEqual(prefixBeamSearch(flat, 0, 3), [{ tokens: [], logProb: 0, scorerScore: 0, score: 0 }]);
});
