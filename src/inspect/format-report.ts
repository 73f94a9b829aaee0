import path from 'node:path';
import { formatTable } from '../util/format-table.js';
import { SPLIT_NAMES, type CountRow, type DataSummary, type DurationStats } from './data-summary.js';
import { formatHistogram } from './histogram.js';
import type { WrittenExamples } from './write-examples.js';

/** Everything `concertina data` prints, also its --json document. */
export interface DataReport extends DataSummary {
  readonly pipeline: string;
  readonly dataset: string;
  readonly cached: boolean;
  readonly loadMs: number;
  readonly written: WrittenExamples;
}

/** The report as text for people: tables of counts, skipped files, durations, written files. */
export function formatDataReport(r: DataReport, cwd = process.cwd()): string {
  const out: string[] = [];
  out.push(
    `${r.pipeline}: ${r.examples} examples from ${r.dataset} ` +
      `(${r.cached ? 'from the cache' : `loaded in ${(r.loadMs / 1000).toFixed(1)} s`})`,
    '',
  );
  out.push(
    formatTable(
      ['split', 'examples'],
      SPLIT_NAMES.map((s) => [s, String(r.splits[s])]),
    ),
    '',
  );
  if (r.countedLabel && r.labelCounts.length)
    out.push(countTable(r.countedLabel === 'words' ? 'word' : r.countedLabel, r.labelCounts), '');
  if (r.speakers.length) out.push(countTable('speaker', r.speakers), '');
  if (r.skipped.length) {
    out.push(
      `skipped ${r.skipped.length} file${r.skipped.length === 1 ? '' : 's'}:`,
      ...r.skipped.map((s) => `  ${s.file}: ${s.reason}`),
      '',
    );
  } else out.push('skipped: none', '');
  if (r.durations) {
    out.push(`durations: ${durationLine(r.durations.all)}`);
    for (const s of SPLIT_NAMES) {
      const d = r.durations.bySplit[s];
      if (d) out.push(`  ${s.padEnd(10)} ${durationLine(d)}`);
    }
    out.push('', formatHistogram(r.durations.histogram, 's'), '');
  }
  const w = r.written;
  if (w.examples.length) {
    const what = w.features
      ? w.features.fallback
        ? 'log-mel of the waveform, as the pipeline has no feature stage'
        : `stage ${w.features.stageId} [${w.features.kind}]`
      : 'no features';
    out.push(
      `wrote ${w.examples.length} example${w.examples.length === 1 ? '' : 's'} to ${show(w.dir, cwd)} ` +
        `(pictures: ${what}):`,
    );
    for (const e of w.examples) {
      out.push(`  ${e.id} (${e.split}, ${e.seconds.toFixed(2)} s): ${e.label}${e.speaker ? `, ${e.speaker}` : ''}`);
      out.push(`    ${show(e.wav, cwd)}`);
      if (e.png) out.push(`    ${show(e.png, cwd)}`);
    }
  } else out.push('no examples written');
  return out.join('\n') + '\n';
}

function countTable(name: string, rows: readonly CountRow[]): string {
  return formatTable(
    [name, 'train', 'validation', 'test', 'total'],
    rows.map((c) => [c.name, String(c.train), String(c.validation), String(c.test), String(c.total)]),
  );
}

function durationLine(d: DurationStats): string {
  const s = (x: number) => `${x.toFixed(2)} s`;
  return (
    `${d.count} examples, min ${s(d.min)}, median ${s(d.median)}, mean ${s(d.mean)}, ` +
    `max ${s(d.max)}, total ${(d.total / 60).toFixed(1)} min`
  );
}

/** A path relative to the working folder when it lies inside it. */
function show(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}
