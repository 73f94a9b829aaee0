import type { Command } from 'commander';
import type { RunCompleted, RunEvent } from '../../events/run-event.js';
import { checkPipeline } from '../../execute/check-pipeline.js';
import { modeOf } from '../../spec/spec-mode.js';
import {
  cacheDir,
  folderOption,
  openSpec,
  parseBackend,
  parseMode,
  printJson,
  runsDir,
  type GlobalOptions,
} from '../cli-context.js';

interface RunOptions extends GlobalOptions {
  readonly mode?: string;
  readonly set?: string[];
  readonly out?: string;
  readonly backend?: string;
  readonly fresh?: boolean;
}

/** `concertina run <spec>`: trains and evaluates, with live progress; the run folder goes under runs/. */
export function runCommand(program: Command): void {
  program
    .command('run')
    .description('train and evaluate a pipeline; writes runs/<run-id>/')
    .argument('<spec>', 'pipeline spec (JSON)')
    .option('--mode <mode>', "staged or end-to-end (default: the spec's mode)")
    .option(
      '--set <path=value...>',
      'override spec values, e.g. training.epochs=5 or stages.features.params.coefficients=20',
    )
    .option('--out <dir>', 'folder for run folders (default: runs/)')
    .option('--backend <name>', 'auto, tensorflow, wasm or cpu')
    .option('--fresh', 'recompute every step instead of reusing cached results')
    .action(async (spec: string, o: RunOptions) => {
      const g = { ...program.opts<GlobalOptions>(), ...o };
      const mode = parseMode(o.mode);
      const backend = parseBackend(o.backend);
      const { loaded, app } = await openSpec(spec, g);
      await checkPipeline(loaded, app.catalog, modeOf(loaded.spec, mode));
      const { lastValueFrom, share } = await import('rxjs');
      const { runPipeline } = await import('../../execute/run-pipeline.js');
      const { subscribeSafely } = await import('../../events/safe-observer.js');
      const { progressObserver } = await import('../observers/progress-observer.js');
      const abort = new AbortController();
      const events$ = runPipeline(
        {
          loaded,
          mode,
          runsDir: o.out ? folderOption(o.out, '--out') : runsDir(g),
          cacheDir: cacheDir(g),
          fresh: o.fresh ?? false,
          backend,
          signal: abort.signal,
        },
        app.services,
      ).pipe(share());
      const stopOnSignal = interruptible(abort);
      subscribeSafely(events$, progressObserver());
      try {
        const last = (await lastValueFrom(events$)) as RunEvent;
        const done = last as RunCompleted;
        if (g.json)
          printJson({ runId: done.runId, metrics: done.metrics, primary: done.primary, durationMs: done.durationMs });
      } catch (err) {
        if (abort.signal.aborted) {
          process.stderr.write('interrupted: finished steps stay in the cache; run the same command to resume\n');
          process.exitCode = 130;
          return;
        }
        throw err;
      } finally {
        stopOnSignal();
      }
    });
}

/** Ctrl-C interrupts the run, which records it in status.json; a second Ctrl-C exits at once. */
function interruptible(abort: AbortController): () => void {
  const handler = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}
