import type { Metrics } from '../core/item.js';

/** The metric that summarises a run: the requested one, else the output stage's first reported metric. */
export function primaryMetricOf(
  stageId: string,
  metrics: Readonly<Record<string, Metrics>>,
  requested?: string,
): { stageId: string; metric: string; value: number } | undefined {
  const m = metrics[stageId];
  if (!m) return undefined;
  const name =
    requested && m[requested] !== undefined ? requested : Object.keys(m).find((k) => k !== 'loss' && k !== 'n');
  return name !== undefined ? { stageId, metric: name, value: m[name]! } : undefined;
}
