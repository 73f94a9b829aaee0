/**
 * Finds one cycle in a directed graph given as adjacency lists, returned as the path of nodes
 * `[a, b, a]`, or undefined when the graph is acyclic. Pure, for tiny literal graphs in tests too.
 */
export function findCycle(
  nodes: readonly string[],
  successors: (n: string) => readonly string[],
): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of successors(n)) {
      const s = state.get(m);
      if (s === 'open') return [...stack.slice(stack.indexOf(m)), m];
      if (s === undefined) {
        const c = visit(m);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of nodes) {
    if (state.get(n) === undefined) {
      const c = visit(n);
      if (c) return c;
    }
  }
  return undefined;
}

/** All distinct cycles found by repeatedly removing an edge of each found cycle (bounded). */
export function findCycles(nodes: readonly string[], edges: readonly [string, string][]): string[][] {
  const removed = new Set<string>();
  const cycles: string[][] = [];
  for (let i = 0; i < 20; i++) {
    const succ = (n: string) => edges.filter(([a, b]) => a === n && !removed.has(`${a}\u0000${b}`)).map(([, b]) => b);
    const c = findCycle(nodes, succ);
    if (!c) break;
    cycles.push(c);
    removed.add(`${c[c.length - 2]}\u0000${c[c.length - 1]}`);
  }
  return cycles;
}
