import test from 'ava';
import { findCycle, findCycles } from '../../src/compile/find-cycle.js';
import { stableTopologicalOrder } from '../../src/compile/topological-order.js';

const succ = (edges: [string, string][]) => (n: string) => edges.filter(([a]) => a === n).map(([, b]) => b);

test('an acyclic graph has no cycle', (t) => {
  t.is(
    findCycle(
      ['a', 'b', 'c'],
      succ([
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c'],
      ]),
    ),
    undefined,
  );
});

test('a cycle is returned as its path', (t) => {
  t.deepEqual(
    findCycle(
      ['a', 'b', 'c', 'd'],
      succ([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'd'],
      ]),
    ),
    ['a', 'b', 'c', 'a'],
  );
  t.deepEqual(findCycle(['a'], succ([['a', 'a']])), ['a', 'a']);
});

test('separate cycles are all found', (t) => {
  const cycles = findCycles(
    ['a', 'b', 'c', 'd'],
    [
      ['a', 'b'],
      ['b', 'a'],
      ['c', 'd'],
      ['d', 'c'],
    ],
  );
  t.is(cycles.length, 2);
});

test('topological order keeps spec order among independent stages', (t) => {
  t.deepEqual(
    stableTopologicalOrder(
      ['x', 'a', 'b', 'y'],
      [
        ['a', 'b'],
        ['x', 'y'],
      ],
    ),
    ['x', 'a', 'b', 'y'],
  );
  t.deepEqual(stableTopologicalOrder(['b', 'a'], [['a', 'b']]), ['a', 'b']);
});
