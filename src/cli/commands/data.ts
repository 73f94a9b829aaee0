import type { Command } from 'commander';
import path from 'node:path';
import { StepCache } from '../../cache/step-cache.js';
import type { DataReport } from '../../inspect/format-report.js';
import { UsageError } from '../../errors/pipeline-error.js';
import { checkPipeline } from '../../execute/check-pipeline.js';
import { loadPipelineData } from '../../execute/pipeline-data.js';
import { preparePlan } from '../../plan/prepare-plan.js';
import type { ExecutionPlan } from '../../plan/execution-plan.js';
import { cacheDir, folderOption, openSpec, printJson, runsDir, type GlobalOptions } from '../cli-context.js';

interface DataOptions extends GlobalOptions {
  readonly stats?: boolean;
  readonly examples?: string;
  readonly out?: string;
  readonly set?: string[];
}

/**
 * `concertina data <spec>`: loads and splits a pipeline's data exactly as a run would (through the
 * cache), prints counts per split, word and speaker and the skipped files, and writes a few examples as
 * WAV files and pictures of their features.
 */
export function dataCommand(program: Command): void {
  program
    .command('data')
    .description(
      "load and split a pipeline's data as a run would: " +
        'counts, skipped files, durations, example wavs and feature images',
    )
    .argument('<spec>', 'pipeline spec (JSON)')
    .option('--stats', 'durations: per split and a histogram')
    .option('--examples <n>', 'examples to write as .wav and feature .png (default 4; 0 for none)')
    .option('--out <dir>', 'folder for the examples (default: runs/data-<pipeline>/)')
    .option('--set <path=value...>', 'override spec values, e.g. dataset.params.limit=20')
    .action(async (spec: string, o: DataOptions) => {
      const g = { ...program.opts<GlobalOptions>(), ...o };
      const count = parseCount(o.examples);
      const { loaded, app } = await openSpec(spec, g);
      await checkPipeline(loaded, app.catalog);
      const plan = preparePlan(loaded, app.catalog);
      const started = Date.now();
      const { data, split, cached, services } = await loadPipelineData(loaded, plan, app.services, {
        cache: new StepCache(cacheDir(g)),
        progress: progressLine(),
      });
      const loadMs = Date.now() - started;
      const rate = waveformRate(plan);
      // Feature stages run as in a run, on the backend a run would choose.
      if (count > 0) await app.services.selectBackend(loaded.spec.training?.backend ?? 'auto');
      const dir = o.out ? folderOption(o.out, '--out') : path.join(runsDir(g), `data-${loaded.spec.name}`);
      const { summarizeData } = await import('../../inspect/data-summary.js');
      const { formatDataReport } = await import('../../inspect/format-report.js');
      const { writeExamples } = await import('../../inspect/write-examples.js');
      const written = await writeExamples({
        plan,
        data,
        split,
        services: app.services,
        pipelineServices: services,
        count,
        dir,
        sampleRate: rate,
      });
      const report: DataReport = {
        pipeline: loaded.spec.name,
        dataset: loaded.spec.dataset.kind,
        cached,
        loadMs,
        ...summarizeData(data, split, o.stats ? rate : undefined),
        written,
      };
      if (g.json) printJson(report);
      else process.stdout.write(formatDataReport(report));
    });
}

function parseCount(v: string | undefined): number {
  if (v === undefined) return 4;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--examples ${v}: expected a whole number (0 or more)`);
  return n;
}

/** Sample rate of the pipeline's waveform source, or undefined when its input is not audio. */
function waveformRate(plan: ExecutionPlan): number | undefined {
  const t = plan.steps.find((s) => s.action === 'source')!.stage.outputType;
  const rate = t.dims[0];
  return t.kind === 'waveform' && typeof rate === 'number' ? rate : undefined;
}

/** Load progress on stderr, at most once a second, and the last step. */
function progressLine(): (done: number, total: number, what: string) => void {
  let last = 0;
  return (done, total, what) => {
    const now = Date.now();
    if (done < total && now - last < 1000) return;
    last = now;
    process.stderr.write(`${what}: ${done}/${total}\n`);
  };
}
