import type { CellStats } from './aggregate.js';
import { comparePair, type PairComparison, type PairPoint } from './crossings.js';
import { higherIsBetter } from '../../core/metric-direction.js';
import {
  formatDifference,
  formatExamples,
  formatFraction,
  formatValue,
  scaleOfCells,
  type MetricScale,
} from './metric-format.js';

/**
 * One sentence per pair of arms: where their curves cross, or which is better everywhere. With one
 * training-set size there are no curves to cross: one sentence ranks the arms at it instead.
 */
export function crossingSentences(cells: readonly CellStats[], metric: string, arms: readonly string[]): string[] {
  const scale = scaleOfCells(metric, cells);
  const fractions = new Set(cells.map((c) => c.trainFraction));
  if (fractions.size === 1 && arms.length > 1) return [ranking(cells, metric, arms, scale)];
  const out: string[] = [];
  for (let i = 0; i < arms.length; i++) {
    for (let j = i + 1; j < arms.length; j++)
      out.push(describePair(comparePair(cells, metric, arms[i]!, arms[j]!), scale));
  }
  return out;
}

/** Says in words how two arms compare. */
function describePair(c: PairComparison, scale: MetricScale): string {
  const { a, b, points } = c;
  if (!points.length) return `${a} and ${b} have no training fraction where both completed.`;
  const single = points.every((p) => p.singleSeed)
    ? '; one seed each, so there is no spread to judge the differences by'
    : '';
  if (c.crossings.length) {
    const parts = c.crossings.map((x) => {
      const where = Number.isFinite(x.examples) ? ` (about ${formatExamples(x.examples)} examples)` : '';
      const head =
        `${x.leader} overtakes ${x.trailer} between ${formatFraction(x.fromFraction)} ` +
        `and ${formatFraction(x.toFraction)} of the training data${where}`;
      if (x.noisy.length === 2)
        return (
          `${head}; the differences at ${list(x.noisy, scale)} are within one standard deviation, ` +
          `so the crossing is not significant`
        );
      if (x.noisy.length === 1)
        return `${head}; the difference at ${list(x.noisy, scale)} is within one standard deviation (not significant)`;
      return head;
    });
    return `${parts.join('. ')}${single}.`;
  }
  const range =
    points.length === 1
      ? `at the one fraction both completed (${formatFraction(points[0]!.trainFraction)})`
      : 'in the measured range';
  const head =
    c.better === undefined
      ? `${a} and ${b} are equal everywhere ${range}`
      : `${a} and ${b} do not cross ${range}; ${c.better} is better everywhere`;
  const noisy = points.filter((p) => p.withinNoise);
  if (!noisy.length) return `${head}${single}.`;
  if (noisy.length === points.length)
    return `${head}, but every difference is within one standard deviation (not significant).`;
  return (
    `${head}; the ${noisy.length > 1 ? 'differences' : 'difference'} at ${list(noisy, scale)} ` +
    `${noisy.length > 1 ? 'are' : 'is'} within one standard deviation (not significant).`
  );
}

function list(points: readonly PairPoint[], scale: MetricScale): string {
  const parts = points.map(
    (p) => `${formatFraction(p.trainFraction)} (${formatDifference(Math.abs(p.advantage), scale, false)})`,
  );
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!;
}

/** The arms at the one training-set size, best first: `staged 99.6% > end-to-end 98.8% > ...`. */
function ranking(cells: readonly CellStats[], metric: string, arms: readonly string[], scale: MetricScale): string {
  const f = cells[0]!.trainFraction;
  const at = cells.filter((c) => arms.includes(c.arm));
  const done = at.filter((c) => c.n > 0).sort((x, y) => (higherIsBetter(metric) ? y.mean - x.mean : x.mean - y.mean));
  const examples = Math.max(...at.map((c) => c.trainExamples));
  const size = `${formatFraction(f)}${Number.isFinite(examples) ? `, ${formatExamples(examples)} examples` : ''}`;
  const order = done
    .map((c) => `${c.arm} ${formatValue(c.mean, scale)}${c.n > 1 ? ` ± ${formatValue(c.std, scale)}` : ''}`)
    .join(' > ');
  const none = at.filter((c) => c.n === 0).map((c) => c.arm);
  const spread = done.every((c) => c.n === 1)
    ? '; one seed each, so there is no spread to judge the differences by'
    : '';
  return (
    `One training-set size only (${size}), so no curves to cross; ` +
    `${directionWord(metric)} first: ${order || 'none completed'}` +
    `${none.length ? ` (no value: ${none.join(', ')})` : ''}${spread}.`
  );
}

function directionWord(metric: string): string {
  return higherIsBetter(metric) ? 'highest' : 'lowest';
}
