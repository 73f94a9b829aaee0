/** Levenshtein distance between token sequences, with its errors counted by kind. */

/** Counts of a minimum-cost alignment of a hypothesis against a reference. */
export interface EditCounts {
  /** substitutions + insertions + deletions. */
  distance: number;
  substitutions: number;
  /** Hypothesis tokens with no reference token. */
  insertions: number;
  /** Reference tokens the hypothesis misses. */
  deletions: number;
  /** Reference tokens matched exactly. */
  hits: number;
}

/**
 * Levenshtein alignment of `hyp` against `ref` (unit costs). Among alignments of equal cost the counts
 * prefer substitutions, then deletions, then insertions, so e.g. ref [a b] / hyp [b a] counts 2
 * substitutions rather than a deletion and an insertion. Tokens compare with === unless `equals` is given.
 */
export function editDistance<T>(
  ref: readonly T[],
  hyp: readonly T[],
  equals: (a: T, b: T) => boolean = (a, b) => a === b,
): EditCounts {
  const m = hyp.length;
  // Two rows of the DP table; each cell carries its cost and how many of each edit it took.
  let prev = row(m + 1);
  let cur = row(m + 1);
  for (let j = 1; j <= m; j++) set(prev, j, prev, j - 1, 'ins');
  for (let i = 1; i <= ref.length; i++) {
    set(cur, 0, prev, 0, 'del');
    for (let j = 1; j <= m; j++) {
      const match = equals(ref[i - 1]!, hyp[j - 1]!);
      const diag = prev.cost[j - 1]! + (match ? 0 : 1);
      const del = prev.cost[j]! + 1;
      const ins = cur.cost[j - 1]! + 1;
      if (diag <= del && diag <= ins) set(cur, j, prev, j - 1, match ? 'hit' : 'sub');
      else if (del <= ins) set(cur, j, prev, j, 'del');
      else set(cur, j, cur, j - 1, 'ins');
    }
    [prev, cur] = [cur, prev];
  }
  return {
    distance: prev.cost[m]!,
    substitutions: prev.sub[m]!,
    insertions: prev.ins[m]!,
    deletions: prev.del[m]!,
    hits: prev.hit[m]!,
  };
}

interface Row {
  cost: Int32Array;
  sub: Int32Array;
  ins: Int32Array;
  del: Int32Array;
  hit: Int32Array;
}

function row(n: number): Row {
  return {
    cost: new Int32Array(n),
    sub: new Int32Array(n),
    ins: new Int32Array(n),
    del: new Int32Array(n),
    hit: new Int32Array(n),
  };
}

/** Cell j of `to` = cell k of `from` plus one operation. */
function set(to: Row, j: number, from: Row, k: number, op: 'hit' | 'sub' | 'ins' | 'del'): void {
  to.cost[j] = from.cost[k]! + (op === 'hit' ? 0 : 1);
  to.sub[j] = from.sub[k]! + (op === 'sub' ? 1 : 0);
  to.ins[j] = from.ins[k]! + (op === 'ins' ? 1 : 0);
  to.del[j] = from.del[k]! + (op === 'del' ? 1 : 0);
  to.hit[j] = from.hit[k]! + (op === 'hit' ? 1 : 0);
}
