import type { TrialResult } from '../trial-result.js';

/** Statistics of one metric over the seeds of one arm at one training fraction. */
export interface CellStats {
  /** The column: the arm, plus the grid values that vary between trials (e.g. `staged (learningRate=0.01)`). */
  readonly arm: string;
  readonly trainFraction: number;
  /** Completed trials that reported the metric. */
  readonly n: number;
  /** Failed trials: counted, never part of the statistics. */
  readonly failed: number;
  /** NaN (null in JSON) when n = 0, like std, min and max. */
  readonly mean: number;
  /** Sample standard deviation (n - 1); 0 when n = 1. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** Mean number of training examples (of the completed trials; of all when none completed). */
  readonly trainExamples: number;
}

// Paths a runner may copy into params although they are axes of their own, not grid values.
const AXES = new Set(['mode', 'dataset.trainFraction', 'training.seed']);

/** Per arm x training fraction: mean, sample std, n, min, max and mean training examples of `metric`. */
export function aggregate(results: readonly TrialResult[], metric: string): CellStats[] {
  const label = seriesLabeller(results);
  const groups = new Map<string, { arm: string; fraction: number; trials: TrialResult[] }>();
  for (const r of results) {
    const arm = label(r);
    const key = `${arm}\u0000${r.trainFraction}`;
    const g = groups.get(key) ?? { arm, fraction: r.trainFraction, trials: [] };
    g.trials.push(r);
    groups.set(key, g);
  }
  const armOrder = armsOf(results);
  return [...groups.values()]
    .sort((a, b) => armOrder.indexOf(a.arm) - armOrder.indexOf(b.arm) || a.fraction - b.fraction)
    .map(({ arm, fraction, trials }) => cell(arm, fraction, trials, metric));
}

function cell(arm: string, trainFraction: number, trials: readonly TrialResult[], metric: string): CellStats {
  const done = trials.filter((t) => t.status === 'completed');
  const values = done
    .map((t) => t.metrics[metric])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = values.length;
  const mean = n ? values.reduce((s, v) => s + v, 0) / n : NaN;
  const std = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : n === 1 ? 0 : NaN;
  const counted = done.length ? done : trials;
  const trainExamples = counted.reduce((s, t) => s + t.trainExamples, 0) / counted.length;
  return {
    arm,
    trainFraction,
    n,
    failed: trials.length - done.length,
    mean,
    std,
    min: n ? Math.min(...values) : NaN,
    max: n ? Math.max(...values) : NaN,
    trainExamples,
  };
}

/** The columns in order of first appearance (arm plus varying grid values). */
export function armsOf(results: readonly TrialResult[]): string[] {
  const label = seriesLabeller(results);
  return [...new Set(results.map(label))];
}

/** The training fractions, smallest first. */
export function fractionsOf(results: readonly TrialResult[]): number[] {
  return [...new Set(results.map((r) => r.trainFraction))].sort((a, b) => a - b);
}

/** The cell of an arm at a fraction, if any trial ran there. */
export function findCell(cells: readonly CellStats[], arm: string, fraction: number): CellStats | undefined {
  return cells.find((c) => c.arm === arm && c.trainFraction === fraction);
}

/**
 * Names each trial's series: its arm, plus the grid values that differ between trials, so that trials
 * with different learning rates are never averaged together as if they were seeds.
 */
function seriesLabeller(results: readonly TrialResult[]): (r: TrialResult) => string {
  const values = new Map<string, Set<string>>();
  for (const r of results) {
    for (const [k, v] of Object.entries(r.params)) {
      if (AXES.has(k)) continue;
      const set = values.get(k) ?? new Set<string>();
      set.add(JSON.stringify(v));
      values.set(k, set);
    }
  }
  const varying = [...values]
    .filter(([, s]) => s.size > 1)
    .map(([k]) => k)
    .sort();
  if (!varying.length) return (r) => r.arm;
  const short = (k: string) => k.split('.').pop()!;
  const unique = new Set(varying.map(short)).size === varying.length;
  const name = (k: string) => (unique ? short(k) : k);
  return (r) => {
    const parts = varying.filter((k) => k in r.params).map((k) => `${name(k)}=${display(r.params[k])}`);
    return parts.length ? `${r.arm} (${parts.join(', ')})` : r.arm;
  };
}

function display(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
