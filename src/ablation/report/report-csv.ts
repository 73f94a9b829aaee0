import type { TrialResult } from '../trial-result.js';

const FIXED = ['trialId', 'arm', 'mode', 'trainFraction', 'trainExamples', 'seed'] as const;

/** One row per trial: identity, every grid param, status, error, every metric, duration, run folder. */
export function reportCsv(results: readonly TrialResult[]): string {
  const params = [...new Set(results.flatMap((r) => Object.keys(r.params)))].sort();
  const metrics = metricColumns(results);
  const header = [...FIXED, ...params, 'status', 'error', ...metrics, 'durationMs', 'runDir'];
  const rows = results.map((r) => [
    ...FIXED.map((k) => r[k]),
    ...params.map((p) => r.params[p]),
    r.status,
    r.error,
    ...metrics.map((m) => r.metrics[m]),
    r.durationMs,
    r.runDir,
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The primary metric first, then output-stage metrics, then stage-qualified ones, each sorted. */
function metricColumns(results: readonly TrialResult[]): string[] {
  const all = new Set(results.flatMap((r) => Object.keys(r.metrics)));
  const primaries = [...new Set(results.map((r) => r.primaryMetric))].filter((m) => all.has(m));
  const rest = [...all].filter((m) => !primaries.includes(m));
  return [...primaries, ...rest.filter((m) => !m.includes('.')).sort(), ...rest.filter((m) => m.includes('.')).sort()];
}

/** One RFC 4180 field: quoted when it holds a comma, quote, line break or edge space; quotes doubled. */
export function csvField(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
