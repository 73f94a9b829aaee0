import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../../errors/pipeline-error.js';
import { higherIsBetter } from '../../core/metric-direction.js';
import type { TrialResult } from '../trial-result.js';
import { aggregate, armsOf, findCell, fractionsOf } from './aggregate.js';
import { reportedMetrics } from './metric-format.js';

/** An ablation folder as compare reads it. */
export interface AblationInfo {
  readonly dir: string;
  readonly title: string;
  readonly metrics: readonly string[];
  readonly trials: readonly TrialResult[];
}

/** One cell of the difference between two ablations: other minus base. */
export interface CellDifference {
  readonly arm: string;
  readonly trainFraction: number;
  readonly base: number | undefined;
  readonly other: number | undefined;
  /** other - base; undefined when either is missing. */
  readonly difference: number | undefined;
  /** Whether `other` is better, by the metric's direction (undefined when equal or missing). */
  readonly better: boolean | undefined;
}

/** Whether a folder holds an ablation: report.json, or trials.jsonl while it still runs. */
export function isAblationFolder(dir: string): boolean {
  return existsSync(path.join(dir, 'report.json')) || existsSync(path.join(dir, 'trials.jsonl'));
}

/** Reads an ablation's trials from report.json, else from trials.jsonl (ignoring an unfinished last line). */
export function readAblation(dir: string): AblationInfo {
  const report = path.join(dir, 'report.json');
  if (existsSync(report)) {
    let json: { meta?: { title?: string }; metrics?: string[]; trials?: TrialResult[] };
    try {
      json = JSON.parse(readFileSync(report, 'utf8')) as typeof json;
    } catch (err) {
      throw new DataError(`${report} is not valid JSON: ${(err as Error).message}`, {
        location: { file: report },
        cause: err,
      });
    }
    if (!Array.isArray(json.trials))
      throw new DataError(`${report} has no \`trials\` list`, {
        location: { file: report },
        hint: 'write it with writeReport (concertina ablate does)',
      });
    return {
      dir,
      title: json.meta?.title ?? path.basename(path.resolve(dir)),
      metrics: json.metrics ?? reportedMetrics(json.trials),
      trials: json.trials,
    };
  }
  const file = path.join(dir, 'trials.jsonl');
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (!text.endsWith('\n')) lines.pop();
  const trials = lines
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as TrialResult;
      } catch {
        throw new DataError(`${file} line ${i + 1} is not valid JSON`, { location: { file } });
      }
    });
  return { dir, title: `${path.basename(path.resolve(dir))} (in progress)`, metrics: reportedMetrics(trials), trials };
}

/** Per arm x fraction: how the mean of `metric` moved from the base ablation to the other. */
export function diffAblations(
  base: readonly TrialResult[],
  other: readonly TrialResult[],
  metric: string,
): CellDifference[] {
  const a = aggregate(base, metric);
  const b = aggregate(other, metric);
  const arms = [...new Set([...armsOf(base), ...armsOf(other)])];
  const fractions = [...new Set([...fractionsOf(base), ...fractionsOf(other)])].sort((x, y) => x - y);
  const sign = higherIsBetter(metric) ? 1 : -1;
  const out: CellDifference[] = [];
  for (const arm of arms) {
    for (const f of fractions) {
      const ca = findCell(a, arm, f);
      const cb = findCell(b, arm, f);
      if (!ca && !cb) continue;
      const baseMean = ca?.n ? ca.mean : undefined;
      const otherMean = cb?.n ? cb.mean : undefined;
      const difference = baseMean !== undefined && otherMean !== undefined ? otherMean - baseMean : undefined;
      const better = difference === undefined || Math.abs(difference) < 1e-12 ? undefined : sign * difference > 0;
      out.push({ arm, trainFraction: f, base: baseMean, other: otherMean, difference, better });
    }
  }
  return out;
}
