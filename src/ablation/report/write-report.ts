import path from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import type { TrialResult } from '../trial-result.js';
import { learningCurveSvg } from './learning-curve-svg.js';
import { curveBaseName, reportedMetrics } from './metric-format.js';
import { reportCsv } from './report-csv.js';
import { reportJson } from './report-json.js';
import { reportMarkdown, type ReportOptions } from './report-markdown.js';
import { svgToPng } from '../../io/svg-render.js';
import { writeAblationDvc } from './ablation-dvc.js';

/** What writeReport needs besides the results. */
export interface WriteReportOptions extends ReportOptions {
  /** Stored as report.json's `meta` (spec name, command, start and end time...). */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** PNG pixels per SVG pixel; default 2, so that text stays sharp (1440 x 880 for the default plot). */
  readonly pngScale?: number;
}

/**
 * Writes report.md, report.csv, report.json and, per reported metric, curves-<metric>.svg and .png into
 * `dir`, each atomically, and the ablation's DVC layout (writeAblationDvc); returns the paths written.
 */
export async function writeReport(
  dir: string,
  results: readonly TrialResult[],
  options: WriteReportOptions = {},
): Promise<string[]> {
  const metrics = reportedMetrics(results, options.metrics);
  const written: string[] = [];
  const write = (name: string, data: string | Uint8Array) => {
    const file = path.join(dir, name);
    writeFileAtomic(file, data);
    written.push(file);
  };
  write('report.md', reportMarkdown(results, { ...options, metrics, images: true }));
  write('report.csv', reportCsv(results));
  const meta = {
    ...(options.title ? { title: options.title } : {}),
    ...(options.command ? { command: options.command } : {}),
    ...options.meta,
  };
  write('report.json', reportJson(results, meta, metrics));
  for (const metric of metrics) {
    const svg = await learningCurveSvg(results, metric);
    write(`${curveBaseName(metric)}.svg`, svg);
    write(`${curveBaseName(metric)}.png`, svgToPng(svg, { scale: options.pngScale ?? 2, background: '#ffffff' }));
  }
  written.push(...writeAblationDvc(dir, results, metrics));
  return written;
}
