/** Kahn's algorithm, breaking ties by the nodes' original order so plans read like the spec. */
export function stableTopologicalOrder(nodes: readonly string[], edges: readonly [string, string][]): string[] {
  const indeg = new Map(nodes.map((n) => [n, 0]));
  for (const [, b] of edges) indeg.set(b, (indeg.get(b) ?? 0) + 1);
  const rank = new Map(nodes.map((n, i) => [n, i]));
  const ready = nodes.filter((n) => indeg.get(n) === 0);
  const out: string[] = [];
  while (ready.length) {
    ready.sort((a, b) => rank.get(a)! - rank.get(b)!);
    const n = ready.shift()!;
    out.push(n);
    for (const [a, b] of edges) {
      if (a !== n) continue;
      const d = indeg.get(b)! - 1;
      indeg.set(b, d);
      if (d === 0) ready.push(b);
    }
  }
  return out;
}
