import type { Command } from 'commander';
import { createConcertina } from '../../container/create-concertina.js';
import { evaluateRun } from '../../execute/evaluate-run.js';
import { cacheDir, cliPlugins, printJson, type GlobalOptions } from '../cli-context.js';
import { formatMetric, formatTable } from '../format-table.js';
import { parseBackend } from './run.js';

/** `concertina eval <run-dir>`: evaluates a saved run again, on its test split or on other data. */
export function evalCommand(program: Command): void {
  program
    .command('eval')
    .description('evaluate a finished run again (its test split, or --data <folder>)')
    .argument('<run-dir>', 'a run folder under runs/')
    .option('--data <path>', 'evaluate on this data (same layout as the training data); every example is test data')
    .option('--backend <name>', 'auto, tensorflow, wasm or cpu')
    .action(async (runDir: string, o: GlobalOptions & { data?: string; backend?: string }) => {
      const g = { ...program.opts<GlobalOptions>(), ...o };
      const app = await createConcertina({ plugins: cliPlugins(g) });
      const r = await evaluateRun({ runDir, ...(o.data ? { data: o.data } : {}), cacheDir: cacheDir(g), backend: parseBackend(o.backend) }, app.services);
      if (g.json) {
        const flat: Record<string, number> = {};
        for (const m of Object.values(r.metrics)) for (const [k, v] of Object.entries(m)) if (!(k in flat)) flat[k] = v;
        printJson({ ...r, ...(r.primary ? { [r.primary.metric]: r.primary.value } : {}), summary: flat });
        return;
      }
      process.stdout.write(`run ${r.runId} (${r.pipeline}, ${r.mode}) on ${r.data}: ${r.counts.test} examples${r.counts.skipped ? `, ${r.counts.skipped} skipped` : ''}\n`);
      const rows = Object.entries(r.metrics).flatMap(([stage, m]) => Object.entries(m).filter(([k]) => k !== 'n').map(([k, v]) => [stage, k, formatMetric(k, v)]));
      process.stdout.write(formatTable(['stage', 'metric', 'value'], rows) + '\n');
    });
}
