/** Seeded pseudo-random numbers (mulberry32 seeded through splitmix32), so runs repeat given a seed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = splitmix32(seed >>> 0);
  }

  /** The generator's position, to save with a checkpoint. */
  getState(): number {
    return this.state;
  }

  /** Continues from a saved position. */
  setState(state: number): void {
    this.state = state >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** One element chosen uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** A 31-bit integer usable as a seed for tf initialisers or a child generator. */
  seed(): number {
    return this.int(2 ** 31 - 1);
  }
}

function splitmix32(a: number): number {
  a = (a + 0x9e3779b9) >>> 0;
  let z = a;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Derives a stable child seed from a seed and a label (e.g. a stage id), so stages get independent streams. */
export function deriveSeed(seed: number, label: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return splitmix32(h >>> 0) & 0x7fffffff;
}
