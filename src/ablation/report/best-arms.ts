import { higherIsBetter } from '../../core/metric-direction.js';
import type { CellStats } from './aggregate.js';

// Means this close are a tie: they come from the same floating-point sums of equal inputs.
const TIE = 1e-9;

/** The arms with the best mean in one row (one training fraction), by the metric's direction; ties all win. */
export function bestArms(row: readonly CellStats[], metric: string): Set<string> {
  const scored = row.filter((c) => c.n > 0);
  if (!scored.length) return new Set();
  const sign = higherIsBetter(metric) ? 1 : -1;
  const best = Math.max(...scored.map((c) => sign * c.mean));
  return new Set(scored.filter((c) => sign * c.mean >= best - TIE).map((c) => c.arm));
}

/** The index (or indices, on a tie) of the best of some values, by the metric's direction. */
export function bestIndices(values: readonly (number | undefined)[], metric: string): Set<number> {
  const sign = higherIsBetter(metric) ? 1 : -1;
  const finite = values
    .map((v, i) => [v, i] as const)
    .filter((p): p is readonly [number, number] => p[0] !== undefined && Number.isFinite(p[0]));
  if (!finite.length) return new Set();
  const best = Math.max(...finite.map(([v]) => sign * v));
  return new Set(finite.filter(([v]) => sign * v >= best - TIE).map(([, i]) => i));
}
