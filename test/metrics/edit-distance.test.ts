import test from 'ava';
import { editDistance } from '../../src/metrics/edit-distance.js';
import { Random } from '../../src/util/random.js';

const w = (s: string): string[] => (s === '' ? [] : s.split(' '));

test('hand cases count substitutions, insertions and deletions separately', (t) => {
  t.deepEqual(editDistance(w('a b c'), w('a b c')), {
    distance: 0,
    substitutions: 0,
    insertions: 0,
    deletions: 0,
    hits: 3,
  });
  t.like(editDistance(w('a b c'), w('a c')), { distance: 1, deletions: 1, substitutions: 0, insertions: 0, hits: 2 });
  t.like(editDistance(w('a b'), w('a x b')), { distance: 1, insertions: 1, substitutions: 0, deletions: 0, hits: 2 });
  t.like(editDistance(w('a b c'), w('a x c')), { distance: 1, substitutions: 1, insertions: 0, deletions: 0, hits: 2 });
  t.like(editDistance(w(''), w('a b')), { distance: 2, insertions: 2, hits: 0 });
  t.like(editDistance(w('a b'), w('')), { distance: 2, deletions: 2, hits: 0 });
  t.like(editDistance(w(''), w('')), { distance: 0, hits: 0 });
  t.like(editDistance([...'kitten'], [...'sitting']), { distance: 3, substitutions: 2, insertions: 1, deletions: 0 });
  t.like(editDistance(w('the cat sat on the mat'), w('the cat sit on mat')), {
    distance: 2,
    substitutions: 1,
    deletions: 1,
    insertions: 0,
  });
});

test('equal-cost alignments prefer substitutions (documented tie-break)', (t) => {
  t.like(editDistance(w('a b'), w('b a')), { distance: 2, substitutions: 2, insertions: 0, deletions: 0 });
});

test('numbers (phoneme ids) and a custom equality work', (t) => {
  t.like(editDistance([3, 1, 4, 1, 5], [3, 4, 1, 5, 9]), { distance: 2, deletions: 1, insertions: 1 });
  const ci = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  t.like(editDistance(w('Hello World'), w('hello world'), ci), { distance: 0, hits: 2 });
});

/** Plain full-table Levenshtein distance, written independently as a reference. */
function reference(a: readonly number[], b: readonly number[]): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

test('random sequences: distance matches a reference and the counts are consistent', (t) => {
  const rng = new Random(11);
  for (let n = 0; n < 300; n++) {
    const a = Array.from({ length: rng.int(9) }, () => rng.int(4));
    const b = Array.from({ length: rng.int(9) }, () => rng.int(4));
    const e = editDistance(a, b);
    t.is(e.distance, reference(a, b));
    t.is(e.substitutions + e.insertions + e.deletions, e.distance);
    t.is(e.hits + e.substitutions + e.deletions, a.length);
    t.is(e.hits + e.substitutions + e.insertions, b.length);
  }
});
