import { higherIsBetter } from '../../core/metric-direction.js';
import { findCell, type CellStats } from './aggregate.js';

/** Two arms at one training fraction where both have values. */
export interface PairPoint {
  readonly trainFraction: number;
  readonly trainExamples: number;
  /** meanA - meanB, turned so that positive means A is better. */
  readonly advantage: number;
  /** |meanA - meanB| is at most the larger of the two standard deviations over seeds. */
  readonly withinNoise: boolean;
  /** Neither cell has two seeds, so there is no spread to judge the difference by. */
  readonly singleSeed: boolean;
}

/** Where the learning curves of two arms swap order. */
export interface Crossing {
  /** The arm that is better at the larger fraction. */
  readonly leader: string;
  readonly trailer: string;
  readonly fromFraction: number;
  readonly toFraction: number;
  /** Interpolated on a log axis of training examples (NaN when examples are unknown). */
  readonly examples: number;
  /** The bracketing points whose difference is within one standard deviation. */
  readonly noisy: readonly PairPoint[];
}

/** How two arms compare over the measured range. */
export interface PairComparison {
  readonly a: string;
  readonly b: string;
  readonly points: readonly PairPoint[];
  readonly crossings: readonly Crossing[];
  /** Without crossings: the arm that is better (or equal) everywhere; undefined when all differences are 0. */
  readonly better: string | undefined;
}

/** Compares two arms fraction by fraction and finds where their curves cross. */
export function comparePair(cells: readonly CellStats[], metric: string, a: string, b: string): PairComparison {
  const sign = higherIsBetter(metric) ? 1 : -1;
  const fractions = [...new Set(cells.map((c) => c.trainFraction))].sort((x, y) => x - y);
  const points: PairPoint[] = [];
  for (const f of fractions) {
    const ca = findCell(cells, a, f);
    const cb = findCell(cells, b, f);
    if (!ca?.n || !cb?.n) continue;
    const advantage = sign * (ca.mean - cb.mean);
    const spread = Math.max(ca.n > 1 ? ca.std : 0, cb.n > 1 ? cb.std : 0);
    const singleSeed = ca.n < 2 && cb.n < 2;
    points.push({
      trainFraction: f,
      trainExamples: (ca.trainExamples + cb.trainExamples) / 2,
      advantage,
      withinNoise: !singleSeed && Math.abs(advantage) <= spread,
      singleSeed,
    });
  }
  const crossings = findCrossings(points, a, b);
  const signs = new Set(points.map((p) => Math.sign(p.advantage)).filter((s) => s !== 0));
  const better = crossings.length || !signs.size ? undefined : signs.has(1) ? a : b;
  return { a, b, points, crossings, better };
}

function findCrossings(points: readonly PairPoint[], a: string, b: string): Crossing[] {
  const useExamples = points.every((p) => p.trainExamples > 0);
  const x = (p: PairPoint) => Math.log(useExamples ? p.trainExamples : p.trainFraction);
  const out: Crossing[] = [];
  let last: number | undefined; // index of the last point with a non-zero difference
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (p.advantage === 0) continue;
    if (last !== undefined && Math.sign(points[last]!.advantage) !== Math.sign(p.advantage)) {
      const q = points[last]!;
      // An exact tie in between is the crossing itself; otherwise interpolate linearly on log x.
      const tie = points.slice(last + 1, i)[0];
      const t = q.advantage / (q.advantage - p.advantage);
      const at = tie ? x(tie) : x(q) + t * (x(p) - x(q));
      const examples = useExamples ? Math.exp(at) : NaN;
      const leader = p.advantage > 0 ? a : b;
      out.push({
        leader,
        trailer: leader === a ? b : a,
        fromFraction: q.trainFraction,
        toFraction: p.trainFraction,
        examples,
        noisy: [q, p].filter((e) => e.withinNoise),
      });
    }
    last = i;
  }
  return out;
}
