import type { Command } from 'commander';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { printJson, runsDir, type GlobalOptions } from '../cli-context.js';
import { modeOf } from '../../spec/spec-mode.js';
import type { Mode } from '../../core/mode.js';
import { formatMetric, formatTable } from '../../util/format-table.js';
import { processAlive } from '../../util/process-alive.js';

interface RunRow {
  readonly runId: string;
  readonly state: string;
  readonly pipeline: string;
  readonly mode: string;
  readonly metric: string;
  readonly value: number | undefined;
  readonly durationS: number | undefined;
}

/** `concertina runs`: the runs in runs/ with their state and main metric, newest last. */
export function runsCommand(program: Command): void {
  program
    .command('runs')
    .description('list runs with their main metric')
    .action(async () => {
      const g = program.opts<GlobalOptions>();
      const rows = listRuns(runsDir(g, false));
      if (g.json) return printJson(rows);
      if (!rows.length) return void process.stdout.write(`no runs in ${runsDir(g, false)}\n`);
      process.stdout.write(
        formatTable(
          ['run', 'state', 'pipeline', 'mode', 'metric', 'value', 'time'],
          rows.map((r) => [
            r.runId,
            r.state,
            r.pipeline,
            r.mode,
            r.metric,
            formatMetric(r.metric, r.value),
            r.durationS !== undefined ? `${r.durationS.toFixed(0)} s` : '-',
          ]),
        ) + '\n',
      );
    });
}

/** Reads every run folder's status and metrics. */
function listRuns(root: string): RunRow[] {
  if (!existsSync(root)) return [];
  const rows: RunRow[] = [];
  for (const id of readdirSync(root).sort()) {
    const dir = path.join(root, id);
    if (!statSync(dir).isDirectory() || !existsSync(path.join(dir, 'spec.json'))) continue;
    const read = <T>(f: string): T | undefined => {
      try {
        return JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as T;
      } catch {
        return undefined;
      }
    };
    const status = read<{ state: string; pid?: number }>('status.json');
    const spec = read<{ name: string; mode?: Mode }>('spec.json');
    const metrics = read<{ primary?: { metric: string; value: number }; durationMs?: number }>('metrics.json');
    const state =
      status?.state === 'running' && status.pid !== undefined && !processAlive(status.pid)
        ? 'killed'
        : (status?.state ?? 'unknown');
    rows.push({
      runId: id,
      state,
      pipeline: spec?.name ?? '?',
      mode: spec ? modeOf(spec) : '?',
      metric: metrics?.primary?.metric ?? '-',
      value: metrics?.primary?.value,
      durationS: metrics?.durationMs !== undefined ? metrics.durationMs / 1000 : undefined,
    });
  }
  return rows;
}
