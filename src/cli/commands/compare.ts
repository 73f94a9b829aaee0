import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { aggregate, fractionsOf } from '../../ablation/report/aggregate.js';
import {
  diffAblations,
  isAblationFolder,
  readAblation,
  type AblationInfo,
} from '../../ablation/report/compare-ablations.js';
import { compareRuns, isRunFolder, readRun, type RunComparison } from '../../ablation/report/compare-runs.js';
import { directionText, formatDifference, formatFraction, metricScale } from '../../ablation/report/metric-format.js';
import { terminalTable } from '../../ablation/report/terminal-table.js';
import { UsageError } from '../../errors/pipeline-error.js';
import { runsDir, type GlobalOptions } from '../cli-context.js';
import { formatMetric, formatTable } from '../../util/format-table.js';

/** Where compare writes: stdout, or a stand-in in tests. ANSI styles only when it is a terminal. */
export interface CompareOutput {
  write(s: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * `concertina compare <run-or-ablation> [more...]`: runs side by side (params that differ, metrics per
 * stage, best marked), or ablations (their summary tables and, for two or more, the change per cell).
 */
export function compareCommand(program: Command, out: CompareOutput = process.stdout): void {
  program
    .command('compare')
    .description('compare runs (params and metrics side by side) or ablations (summary and difference per cell)')
    .argument('<run-or-ablation>', 'a run folder (or a run id under --runs) or an ablation folder')
    .argument('[more...]', 'more runs or ablations')
    .option('--all', 'show every param, not only those that differ')
    .action(async (first: string, more: string[], o: { all?: boolean }) => {
      const g = program.opts<GlobalOptions>();
      const targets = [first, ...more].map((p) => classify(p, g));
      const kinds = new Set(targets.map((t) => t.kind));
      if (kinds.size > 1)
        throw new UsageError('compare either runs or ablations, not both at once', {
          hint: `runs: ${targets
            .filter((t) => t.kind === 'run')
            .map((t) => t.arg)
            .join(', ')}`,
        });
      const style = styler(out.isTTY === true && !process.env.NO_COLOR);
      if (targets[0]!.kind === 'run') {
        const c = compareRuns(targets.map((t) => readRun(t.dir)));
        const shown = o.all || c.runs.length < 2 ? c : { ...c, params: c.params.filter((p) => p.differs) };
        if (g.json) return void out.write(json({ kind: 'runs', ...shown }));
        out.write(renderRuns(c, shown.params.length, o.all === true, style));
      } else {
        const abl = targets.map((t) => readAblation(t.dir));
        if (g.json) return void out.write(json(ablationsJson(abl)));
        out.write(renderAblations(abl, style));
      }
    });
}

function classify(arg: string, g: GlobalOptions): { arg: string; dir: string; kind: 'run' | 'ablation' } {
  const candidates = [path.resolve(arg), path.join(runsDir(g, false), arg)];
  for (const dir of candidates.filter((d) => existsSync(d) && statSync(d).isDirectory())) {
    if (isAblationFolder(dir)) return { arg, dir, kind: 'ablation' };
    if (isRunFolder(dir)) return { arg, dir, kind: 'run' };
  }
  const exists = existsSync(path.resolve(arg));
  throw new UsageError(
    `\`${arg}\` is neither a run folder nor an ablation folder` +
      `${exists ? ' (it holds no spec.json, report.json or trials.jsonl)' : ' (no such folder)'}`,
    {
      hint:
        `pass a run folder such as runs/<run-id> (\`concertina runs\` lists them; ` +
        `a bare id is looked up in ${runsDir(g, false)}) or an ablation folder holding report.json`,
    },
  );
}

type Style = (s: string, kind: 'bold' | 'best' | 'worse' | 'dim') => string;

function styler(tty: boolean): Style {
  const codes = { bold: '1', best: '1;32', worse: '31', dim: '2' } as const;
  return (s, kind) => (tty ? `\u001b[${codes[kind]}m${s}\u001b[0m` : s);
}

/** Machine-readable output (--json); NaN statistics of empty cells become null. */
function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

function letter(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `R${i + 1}`;
}

function renderRuns(c: RunComparison, shownParams: number, all: boolean, style: Style): string {
  const cols = c.runs.map((_, i) => letter(i));
  const lines = c.runs.map((r, i) => `${style(letter(i), 'bold')}  ${r.runId}  (${r.state})  ${r.dir}`);
  const differ = c.params.filter((p) => p.differs).length;
  const params = all || c.runs.length < 2 ? c.params : c.params.filter((p) => p.differs);
  lines.push(
    '',
    c.runs.length < 2
      ? `params (${c.params.length})`
      : `params: ${differ} of ${c.params.length} differ${all ? '' : ' (--all shows every one)'}`,
  );
  if (shownParams)
    lines.push(
      formatTable(
        ['param', ...cols],
        params.map((p) => [p.path, ...p.values.map((v) => (p.differs ? style(show(v), 'bold') : show(v)))]),
      ),
    );
  lines.push('', `metrics${c.runs.length > 1 ? ' (* best)' : ''}`);
  if (!c.metrics.length) lines.push('(no metrics.json in these runs)');
  else {
    const fmt = (metric: string, v: number | undefined) =>
      metric === 'n' && v !== undefined ? String(v) : formatMetric(metric, v);
    const cell = (m: RunComparison['metrics'][number], v: number | undefined, i: number) => {
      if (!m.differs) return fmt(m.metric, v);
      return m.best.includes(i) ? style(`${fmt(m.metric, v)} *`, 'best') : style(fmt(m.metric, v), 'bold');
    };
    const rows = c.metrics.map((m) => [m.stageId, m.metric, ...m.values.map((v, i) => cell(m, v, i))]);
    lines.push(formatTable(['stage', 'metric', ...cols], rows));
  }
  return lines.join('\n') + '\n';
}

function show(v: unknown): string {
  if (v === undefined) return '-';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function renderAblations(abl: readonly AblationInfo[], style: Style): string {
  const lines: string[] = [];
  for (const [i, a] of abl.entries()) {
    lines.push(
      `${style(`${abl.length > 1 ? `${letter(i)}: ` : ''}${a.title}`, 'bold')}  (${a.dir}, ${a.trials.length} trials)`,
      '',
    );
    for (const m of a.metrics) lines.push(terminalTable(a.trials, m), '');
  }
  for (const [i, other] of abl.entries()) {
    if (i === 0) continue;
    const base = abl[0]!;
    for (const metric of base.metrics.filter((m) => other.metrics.includes(m))) {
      const diffs = diffAblations(base.trials, other.trials, metric);
      const arms = [...new Set(diffs.map((d) => d.arm))];
      const fractions = [...new Set(diffs.map((d) => d.trainFraction))].sort((x, y) => x - y);
      const scale = metricScale(
        metric,
        diffs.flatMap((d) => [d.base ?? NaN, d.other ?? NaN]),
      );
      const rows = fractions.map((f) => [
        formatFraction(f),
        ...arms.map((arm) => {
          const d = diffs.find((x) => x.arm === arm && x.trainFraction === f);
          if (d?.difference === undefined) return '-';
          const text =
            `${formatDifference(d.difference, scale)}` +
            `${d.better === undefined ? '' : d.better ? ' (better)' : ' (worse)'}`;
          return d.better === undefined ? text : style(text, d.better ? 'best' : 'worse');
        }),
      ]);
      lines.push(
        `${metric}: ${letter(i)} - A per cell (${directionText(metric)})`,
        formatTable(['training data', ...arms], rows),
        '',
      );
    }
  }
  return lines.join('\n');
}

function ablationsJson(abl: readonly AblationInfo[]): unknown {
  return {
    kind: 'ablations',
    ablations: abl.map((a) => ({
      dir: a.dir,
      title: a.title,
      trials: a.trials.length,
      trainFractions: fractionsOf(a.trials),
      summary: Object.fromEntries(a.metrics.map((m) => [m, aggregate(a.trials, m)])),
    })),
    differences: abl.slice(1).flatMap((other) =>
      abl[0]!.metrics
        .filter((m) => other.metrics.includes(m))
        .map((metric) => ({
          base: abl[0]!.dir,
          other: other.dir,
          metric,
          cells: diffAblations(abl[0]!.trials, other.trials, metric),
        })),
    ),
  };
}
