import test from 'ava';
import { WordLoopDecoder } from '../../src/speech/word-loop-decoder.js';
import { decodeHypotheses, encodeHypotheses } from '../../src/speech/hypotheses.js';

/** Log-posteriors [T, C] that emit `path` (one token per frame, 0 = blank) with probability `p`. */
function posteriors(path: number[], C: number, p = 0.9): Float32Array {
  const out = new Float32Array(path.length * C).fill(Math.log((1 - p) / (C - 1)));
  path.forEach((tok, t) => (out[t * C + tok] = Math.log(p)));
  return out;
}

// Phones: 1=S 2=EH 3=V 4=AH 5=N 6=AY 7=T 8=UW; words: seven, nine, two, ten(T EH N)
const prons = [[[1, 2, 3, 4, 5]], [[5, 6, 5]], [[7, 8]], [[7, 2, 5]]];

test('isolated words are scored exactly and ranked', (t) => {
  const d = new WordLoopDecoder(prons, { maxWords: 1 });
  const C = 9;
  const hyps = d.decode(posteriors([0, 5, 6, 6, 0, 5, 0], C), 7, C);
  t.deepEqual(hyps[0]!.words, [1], 'nine');
  t.is(hyps.length, 4);
  t.true(hyps[0]!.score > hyps[1]!.score);
  t.true(hyps.every((h) => h.words.length === 1));
});

test('a sentence decodes into the word sequence, across repeated phones at word boundaries', (t) => {
  const d = new WordLoopDecoder(prons, { beamWidth: 16 });
  const C = 9;
  // seven nine: S EH V AH N | N AY N  (N N needs a blank between them)
  const path = [1, 2, 3, 4, 5, 0, 5, 6, 5, 0, 7, 8];
  const hyps = d.decode(posteriors(path, C), path.length, C);
  t.deepEqual(hyps[0]!.words, [0, 1, 2], 'seven nine two');
});

test('maxWords and minWords constrain the word loop', (t) => {
  const C = 9;
  const path = [7, 8, 0, 7, 8, 0, 7, 8];
  const free = new WordLoopDecoder(prons, { beamWidth: 16 }).decode(posteriors(path, C), path.length, C);
  t.deepEqual(free[0]!.words, [2, 2, 2]);
  const two = new WordLoopDecoder(prons, { beamWidth: 16, maxWords: 2 }).decode(posteriors(path, C), path.length, C);
  t.true(two.every((h) => h.words.length <= 2));
});

test('hypotheses survive encoding', (t) => {
  const h = [
    { words: [3, 1], acoustic: -1.5, score: -1.25 },
    { words: [], acoustic: -9, score: -9 },
  ];
  t.deepEqual(decodeHypotheses(encodeHypotheses(h)), h);
});
