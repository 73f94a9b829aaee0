import type { Command } from 'commander';
import { createConcertina } from '../../container/create-concertina.js';
import { cacheDir, cliPlugins, parseBackend, printJson, type GlobalOptions } from '../cli-context.js';
import { formatMetric, formatTable } from '../../util/format-table.js';
import type { EvaluationResult } from '../../execute/evaluate-run.js';
import { writeJsonAtomic } from '../../io/atomic-write.js';

/** `concertina eval <run-dir>`: evaluates a saved run again, on its test split or on other data. */
export function evalCommand(program: Command): void {
  program
    .command('eval')
    .description('evaluate a finished run again (its test split, or --data <folder>)')
    .argument('<run-dir>', 'a run folder under runs/')
    .option('--data <path>', 'evaluate on this data (same layout as the training data); every example is test data')
    .option('--backend <name>', 'auto, tensorflow, wasm or cpu')
    .option(
      '--predictions <file>',
      "write the output stage's words (a classifier's classes and scores) for every example to this JSON file",
    )
    .action(async (runDir: string, o: GlobalOptions & { data?: string; backend?: string; predictions?: string }) => {
      const g = { ...program.opts<GlobalOptions>(), ...o };
      const app = await createConcertina({ plugins: cliPlugins(g) });
      const { evaluateRun } = await import('../../execute/evaluate-run.js');
      const r = await evaluateRun(
        {
          runDir,
          ...(o.data ? { data: o.data } : {}),
          cacheDir: cacheDir(g),
          backend: parseBackend(o.backend),
          predictions: o.predictions !== undefined,
        },
        app.services,
      );
      const { predictions, ...result } = r;
      if (o.predictions) writeJsonAtomic(o.predictions, predictions);
      if (g.json) return printJson({ ...headline(result), ...result });
      process.stdout.write(
        `run ${r.runId} (${r.pipeline}, ${r.mode}) on ${r.data}: ` +
          `${r.counts.test} examples${r.counts.skipped ? `, ${r.counts.skipped} skipped` : ''}\n`,
      );
      for (const s of r.skipped) process.stdout.write(`  skipped ${s.file}: ${s.reason}\n`);
      const rows = Object.entries(r.metrics).flatMap(([stage, m]) =>
        Object.entries(m)
          .filter(([k]) => k !== 'n')
          .map(([k, v]) => [stage, k, formatMetric(k, v)]),
      );
      process.stdout.write(formatTable(['stage', 'metric', 'value'], rows) + '\n');
    });
}

/**
 * The figures people look for first: the output stage's accuracy and WER, and the PER of the stage that reports
 * one.
 */
function headline(r: EvaluationResult): Record<string, number> {
  const out: Record<string, number> = {};
  const main = r.primary ? (r.metrics[r.primary.stageId] ?? {}) : {};
  for (const k of ['accuracy', 'wer', 'ser']) if (main[k] !== undefined) out[k] = main[k]!;
  for (const m of Object.values(r.metrics)) if (m.per !== undefined && out.per === undefined) out.per = m.per;
  return out;
}
