import test from 'ava';
import { greedyDecode, greedyDecodeBatch } from '../../src/ctc/greedy-decode.js';

/** Frames whose argmax is the given class (log-probabilities of a peaked distribution). */
function frames(argmaxes: number[], C: number): Float32Array {
  const out = new Float32Array(argmaxes.length * C).fill(Math.log(0.1));
  argmaxes.forEach((k, t) => (out[t * C + k] = Math.log(0.7)));
  return out;
}

test('best path merges repeats, drops blanks, keeps repeats separated by a blank', (t) => {
  t.deepEqual(greedyDecode(frames([0, 1, 1, 0, 1, 2, 2, 0], 3), 8, 3), [1, 1, 2]);
  t.deepEqual(greedyDecode(frames([0, 0, 0], 3), 3, 3), []);
  t.deepEqual(greedyDecode(frames([2, 2, 1, 2], 3), 4, 3), [2, 1, 2]);
  t.deepEqual(greedyDecode(new Float32Array(0), 0, 3), []);
});

test('only the first T frames are decoded, and a non-zero blank is dropped', (t) => {
  const x = frames([1, 2, 0, 2, 1], 3);
  t.deepEqual(greedyDecode(x, 3, 3), [1, 2]);
  t.deepEqual(greedyDecode(x, 5, 3, 2), [1, 0, 1]);
});

test('ties go to the lower class index', (t) => {
  t.deepEqual(greedyDecode(Float32Array.from([-1, -0.5, -0.5, -0.5, -1, -0.5]), 2, 3), [1]);
});

test('a padded batch decodes each example over its own length', (t) => {
  const C = 3;
  const data = new Float32Array([...frames([1, 0, 1, 2], C), ...frames([2, 2, 1, 1], C)]);
  t.deepEqual(greedyDecodeBatch(data, 2, 4, C, [4, 2]), [[1, 1, 2], [2]]);
  t.throws(() => greedyDecodeBatch(data, 2, 4, C, [4]), {
    instanceOf: RangeError,
    message: /2 examples but 1 lengths/,
  });
  t.throws(() => greedyDecodeBatch(data, 2, 4, C, [4, 5]), {
    instanceOf: RangeError,
    message: /length 5 of example 1 exceeds 4/,
  });
});
