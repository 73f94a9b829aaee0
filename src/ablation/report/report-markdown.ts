import type { TrialResult } from '../trial-result.js';
import { aggregate, armsOf, findCell, fractionsOf, type CellStats } from './aggregate.js';
import { bestArms } from './best-arms.js';
import { crossingSentences } from './crossing-text.js';
import {
  curveBaseName,
  directionText,
  formatCell,
  formatDuration,
  formatFraction,
  reportedMetrics,
  scaleOfCells,
} from './metric-format.js';

/** What a report says besides the results. */
export interface ReportOptions {
  /** Default: `Ablation report`. */
  readonly title?: string;
  /** The command line that reproduces the ablation. */
  readonly command?: string;
  /**
   * Metrics to tabulate; default: the primary metric and every other output-stage metric all completed trials
   * report.
   */
  readonly metrics?: readonly string[];
  /** Show each metric's `curves-<metric>.svg` under its table (the report folder holds them). */
  readonly images?: boolean;
}

/** The ablation as Markdown: a table per metric, where the curves cross, failed trials, time taken. */
export function reportMarkdown(results: readonly TrialResult[], options: ReportOptions = {}): string {
  const out: string[] = [`# ${options.title ?? 'Ablation report'}`, ''];
  if (options.command) out.push('Reproduce with:', '', '```sh', options.command, '```', '');
  out.push(overview(results), '');
  const arms = armsOf(results);
  for (const metric of reportedMetrics(results, options.metrics)) {
    const cells = aggregate(results, metric);
    out.push(`## ${metric} (${directionText(metric)})`, '');
    out.push('Mean ± sample standard deviation over seeds (n = completed trials); the best arm per row in bold.', '');
    out.push(...metricTable(results, cells, metric, arms), '');
    if (options.images) out.push(`![${metric} against training examples](${curveBaseName(metric)}.svg)`, '');
    out.push('Where the curves cross:', '', ...crossingSentences(cells, metric, arms).map((s) => `- ${s}`), '');
  }
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length) {
    out.push(
      `## Failed trials (${failed.length})`,
      '',
      '| trial | arm | training data | seed | error |',
      '|---|---|---:|---:|---|',
    );
    for (const r of failed)
      out.push(
        `| ${cell(r.trialId)} | ${cell(r.arm)} | ${formatFraction(r.trainFraction)} | ` +
          `${r.seed} | ${cell(r.error ?? 'unknown error')} |`,
      );
    out.push('');
  }
  out.push('## Time', '', timeSummary(results), '');
  return out.join('\n');
}

/** The rows of one metric's table: training fraction (mean examples) by arm, the best in bold. */
function metricTable(
  results: readonly TrialResult[],
  cells: readonly CellStats[],
  metric: string,
  arms: readonly string[],
): string[] {
  const scale = scaleOfCells(metric, cells);
  const rows = [`| training data | ${arms.map(cell).join(' | ')} |`, `|---|${arms.map(() => '---:').join('|')}|`];
  for (const f of fractionsOf(results)) {
    const row = arms.map((a) => findCell(cells, a, f)).filter((c): c is CellStats => c !== undefined);
    const best = bestArms(row, metric);
    const texts = arms.map((a) => {
      const c = findCell(cells, a, f);
      const text = formatCell(c, scale);
      return c && best.has(a) ? `**${text}**` : text;
    });
    rows.push(`| ${rowLabel(f, row)} | ${texts.join(' | ')} |`);
  }
  return rows;
}

/** `5% (36 examples)`: the fraction and the mean number of examples its trials trained on. */
export function rowLabel(fraction: number, row: readonly CellStats[]): string {
  const known = row.filter((c) => c.trainExamples > 0);
  if (!known.length) return formatFraction(fraction);
  const mean = known.reduce((s, c) => s + c.trainExamples, 0) / known.length;
  return `${formatFraction(fraction)} (${Math.round(mean).toLocaleString('en-US')} examples)`;
}

function overview(results: readonly TrialResult[]): string {
  const done = results.filter((r) => r.status === 'completed').length;
  const seeds = [...new Set(results.map((r) => r.seed))].sort((a, b) => a - b);
  return [
    `${results.length} trials (${done} completed, ${results.length - done} failed)`,
    `arms: ${armsOf(results).join(', ')}`,
    `training fractions: ${fractionsOf(results).map(formatFraction).join(', ')}`,
    `seeds: ${seeds.join(', ')}.`,
  ].join('; ');
}

/** Total and median trial duration. */
function timeSummary(results: readonly TrialResult[]): string {
  if (!results.length) return 'No trials.';
  const d = results.map((r) => r.durationMs).sort((a, b) => a - b);
  const mid = d.length >> 1;
  const median = d.length % 2 ? d[mid]! : (d[mid - 1]! + d[mid]!) / 2;
  const total = d.reduce((s, v) => s + v, 0);
  return (
    `${results.length} trials took ${formatDuration(total)} of trial time in total ` +
    `(median ${formatDuration(median)} per trial).`
  );
}

/** Text safe inside a Markdown table cell. */
function cell(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*[\r\n]+\s*/g, ' ');
}
