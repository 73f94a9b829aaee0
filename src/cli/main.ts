import { Command, CommanderError } from 'commander';
import { PipelineError, SpecError, UsageError } from '../errors/pipeline-error.js';
import { clipRuns } from '../errors/clip.js';
import { errorInfo } from '../events/run-event.js';
import { packageVersion } from '../util/package-root.js';
import { ablateCommand } from './commands/ablate.js';
import { cacheCommand } from './commands/cache.js';
import { compareCommand } from './commands/compare.js';
import { dataCommand } from './commands/data.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { planCommand } from './commands/plan.js';
import { runCommand } from './commands/run.js';
import { runsCommand } from './commands/runs.js';
import { serveCommand } from './commands/serve.js';
import { validateCommand } from './commands/validate.js';
import { workerCommand } from './commands/worker.js';

/** Every command, in the order `--help` lists them. Each loads what it needs when it runs. */
const COMMANDS = [
  validateCommand,
  planCommand,
  runCommand,
  evalCommand,
  exportCommand,
  serveCommand,
  runsCommand,
  dataCommand,
  ablateCommand,
  workerCommand,
  compareCommand,
  cacheCommand,
];

/** Exit codes: 0 ok, 1 the run failed, 2 invalid spec or usage. */
const EXIT = { ok: 0, runFailed: 1, invalid: 2 } as const;

/** Runs the CLI; returns the exit code (never throws). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('concertina')
    .description(
      'Declarative ML pipelines: one JSON spec, run staged, end to end, transferred or multi-task, and ablated.',
    )
    .version(packageVersion())
    .option('--json', 'machine-readable results on stdout')
    .option(
      '--plugin <path>',
      'load stage/dataset kinds from a JavaScript module (repeatable)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--runs <dir>', 'folder of run folders (default: runs/ or $CONCERTINA_RUNS)')
    .option('--cache <dir>', 'content-addressed cache (default: .concertina/cache or $CONCERTINA_CACHE)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const add of COMMANDS) add(program);
  try {
    await program.parseAsync(argv as string[]);
    // A command that finished with failures inside (an ablation with failed trials) sets the code.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    return report(err, program.opts<{ json?: boolean }>().json === true);
  }
}

function report(err: unknown, json: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
      return EXIT.ok;
    return EXIT.invalid;
  }
  const code = err instanceof SpecError || err instanceof UsageError ? EXIT.invalid : EXIT.runFailed;
  if (json)
    process.stdout.write(
      JSON.stringify(
        { error: errorInfo(err), ...(err instanceof SpecError ? { problems: err.problems } : {}) },
        null,
        2,
      ) + '\n',
    );
  if (err instanceof PipelineError) {
    process.stderr.write(`error: ${err.describe()}\n`);
    const cause = (err as Error).cause;
    if (cause instanceof PipelineError) process.stderr.write(`caused by: ${cause.describe()}\n`);
    else if (cause instanceof Error && process.env.CONCERTINA_DEBUG) process.stderr.write(`${cause.stack}\n`);
  } else {
    process.stderr.write(`error: ${clipRuns(String((err as Error)?.message ?? err))}\n`);
    if (process.env.CONCERTINA_DEBUG) process.stderr.write(`${(err as Error)?.stack}\n`);
    else process.stderr.write('(this looks like a bug in concertina; set CONCERTINA_DEBUG=1 for the stack trace)\n');
  }
  return code;
}
