import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { EpochEnd } from '../events/run-event.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { yamlText, type YamlValue } from './yaml-text.js';

/** Where DVCLive keeps per-step series, relative to its folder. */
export const DVC_PLOTS_DIR = 'plots/metrics';

const HEADER =
  'written by concertina in the DVCLive layout: `dvc exp show`, `dvc plots show` and the DVC extension read it';

/** A stage id or metric name as one safe path segment (DVCLive nests names on `/`; we never do). */
export function dvcName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return safe || '_';
}

/**
 * Appends an epoch's loss and metrics to plots/metrics/<stage>/<metric>.tsv, one `step\t<metric>` row each
 * (DVCLive's columns without timestamps; the step is the epoch), writing the header when the file is new.
 */
export function appendEpochSeries(dir: string, e: Pick<EpochEnd, 'stageId' | 'epoch' | 'loss' | 'metrics'>): void {
  if (!e.stageId) return;
  const stageDir = path.join(dir, DVC_PLOTS_DIR, dvcName(e.stageId));
  mkdirSync(stageDir, { recursive: true });
  const values: Record<string, number> = { loss: e.loss, ...e.metrics };
  for (const [metric, value] of Object.entries(values)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const column = dvcName(metric);
    const file = path.join(stageDir, `${column}.tsv`);
    const header = existsSync(file) ? '' : `step\t${column}\n`;
    // One write per row, so that a reader (DVC, the dashboard) never sees half a line.
    appendFileSync(file, `${header}${e.epoch}\t${value}\n`);
  }
}

/** What a folder's dvc.yaml declares. */
export interface DvcYaml {
  readonly metrics?: readonly string[];
  readonly params?: readonly string[];
  readonly plots?: readonly YamlValue[];
}

/** Writes dvc.yaml (top-level `metrics`, `params`, `plots`, as DVCLive's make_dvcyaml does) atomically. */
export function writeDvcYaml(dir: string, d: DvcYaml): string {
  const doc: Record<string, YamlValue> = {};
  if (d.metrics?.length) doc.metrics = [...d.metrics];
  if (d.params?.length) doc.params = [...d.params];
  if (d.plots?.length) doc.plots = [...d.plots];
  const file = path.join(dir, 'dvc.yaml');
  writeFileAtomic(file, yamlText(doc, HEADER));
  return file;
}

/**
 * A run folder's dvc.yaml: metrics.json (once the run has finished), spec.json as its params and the per-epoch
 * series under plots/metrics with the epoch as x.
 */
export function writeRunDvcYaml(dir: string, finished: boolean): string {
  return writeDvcYaml(dir, {
    ...(finished ? { metrics: ['metrics.json'] } : {}),
    params: ['spec.json'],
    plots: [{ [DVC_PLOTS_DIR]: { x: 'step' } }],
  });
}
