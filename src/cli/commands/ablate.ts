import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AblationEvent, AblationStreamEvent } from '../../ablation/ablation-event.js';
import type { RunEvent } from '../../events/run-event.js';
import type { EventObserver } from '../../events/safe-observer.js';
import type { AblationRequest } from '../../ablation/run-ablation.js';
import type { TrialResult } from '../../ablation/trial-result.js';
import { isMode, type Mode } from '../../core/mode.js';
import { UsageError } from '../../errors/pipeline-error.js';
import { checkPipeline } from '../../execute/check-pipeline.js';
import { applyOverrides, checkPath, parseValue } from '../../spec/overrides.js';
import { parseJson } from '../../spec/parse-json.js';
import {
  cacheDir,
  folderOption,
  openSpec,
  parseBackend,
  printJson,
  runsDir,
  type GlobalOptions,
} from '../cli-context.js';
import { formatTable } from '../../util/format-table.js';

interface AblateOptions extends GlobalOptions {
  readonly set?: string[];
  readonly grid?: string[];
  readonly modes?: string;
  readonly arms?: string;
  readonly fractions?: string;
  readonly seeds?: string;
  readonly workers?: string;
  readonly dryRun?: boolean;
  readonly fresh?: boolean;
  readonly backend?: string;
  readonly out?: string;
  readonly serve?: string | boolean;
  readonly queue?: string;
}

/** `concertina ablate <spec>`: the grid of trials on worker processes, resumable, with a report. */
export function ablateCommand(program: Command): void {
  program
    .command('ablate')
    .description('run the ablation grid (arms x training fractions x seeds x --grid values) and write a report')
    .argument('<spec>', 'pipeline spec (JSON) with an "ablation" block (or give the grid here)')
    .option('--set <path=value...>', 'override spec values for every trial')
    .option('--grid <path=v1,v2...>', 'add a grid axis, e.g. training.optimizer.learningRate=0.001,0.003')
    .option('--modes <list>', 'arms that differ only in mode, e.g. staged,end-to-end')
    .option('--arms <list>', 'run only these arms of the spec')
    .option('--fractions <list>', 'training fractions, e.g. 0.02,0.1,1')
    .option('--seeds <list>', 'seeds, e.g. 1,2,3')
    .option('--workers <n>', 'worker processes (default: one per core)')
    .option('--dry-run', 'print the trials and what is already done, run nothing')
    .option('--fresh', 'recompute every step instead of reusing cached results')
    .option('--backend <name>', 'auto, tensorflow, wasm or cpu')
    .option('--out <dir>', 'folder for the ablation folder (default: runs/)')
    .option('--serve [port]', 'watch it live in the browser (concertina serve on the runs folder; default port 4173)')
    .option('--queue <url>', 'run the trials on `concertina worker`s through Redis: redis://host:port[/db]')
    .action(async (specFile: string, o: AblateOptions) => {
      const g = { ...program.opts<GlobalOptions>(), ...o };
      const { loaded, app } = await openSpec(specFile, g);
      await checkPipeline(loaded, app.catalog);
      const raw = applyOverrides(
        parseJson(readFileSync(specFile, 'utf8'), specFile) as Record<string, unknown>,
        o.set ?? [],
      );
      const request: AblationRequest = {
        loaded,
        raw,
        grid: {
          ...(o.modes ? { modes: list(o.modes, '--modes').map(mode) } : {}),
          ...(o.arms ? { arms: list(o.arms, '--arms') } : {}),
          ...(o.fractions
            ? { trainFractions: list(o.fractions, '--fractions').map((x) => num(x, '--fractions', 0, 1)) }
            : {}),
          ...(o.seeds ? { seeds: list(o.seeds, '--seeds').map((x) => num(x, '--seeds', 0, 2 ** 31)) } : {}),
          ...(o.grid ? { grid: Object.fromEntries(o.grid.map(gridAxis)) } : {}),
        },
        runsDir: o.out ? folderOption(o.out, '--out') : runsDir(g),
        cacheDir: cacheDir(g),
        ...(o.workers ? { workers: num(o.workers, '--workers', 1, 64) } : {}),
        fresh: o.fresh ?? false,
        backend: parseBackend(o.backend),
        plugins: (g.plugin ?? []).map((p) => path.resolve(p)),
        command: ['concertina', 'ablate', ...process.argv.slice(3)].map(shellQuote).join(' '),
      };
      if (o.dryRun) return dryRun(request, g.json === true);
      const queued = await queueRunner(o.queue, request);
      if (queued) Object.assign(request, queued);
      const { lastValueFrom, share } = await import('rxjs');
      const { isAblationEvent } = await import('../../ablation/ablation-event.js');
      const { runAblation } = await import('../../ablation/run-ablation.js');
      const { terminalTable } = await import('../../ablation/report/terminal-table.js');
      const { subscribeSafely } = await import('../../events/safe-observer.js');
      const { progressObserver } = await import('../observers/progress-observer.js');
      const dashboard = o.serve ? await serveAblation(request, o.serve) : undefined;
      const events$ = runAblation(request).pipe(share());
      const results: TrialResult[] = [];
      subscribeSafely(events$, ablationProgress(progressObserver(), isAblationEvent));
      subscribeSafely(events$, {
        next: (e) => {
          if (isAblationEvent(e) && e.type === 'trial-completed') results.push(e.result);
        },
      });
      const stop = () => process.exit(130);
      process.once('SIGINT', stop);
      const last = (await lastValueFrom(events$)) as AblationStreamEvent;
      process.off('SIGINT', stop);
      if (!isAblationEvent(last) || last.type !== 'ablation-completed') return;
      if (last.failed) process.exitCode = 1;
      if (g.json)
        return printJson({
          ablation: last.ablationId,
          dir: last.dir,
          files: last.files,
          completed: last.completed,
          failed: last.failed,
        });
      const all = JSON.parse(readFileSync(path.join(last.dir, 'report.json'), 'utf8')) as { trials: TrialResult[] };
      const metric = all.trials.find((t) => t.status === 'completed')?.primaryMetric ?? 'accuracy';
      process.stdout.write(
        `\n${terminalTable(all.trials, metric)}\n\n` +
          `report: ${last.files.filter((f) => /\.(md|csv|json|svg|png)$/.test(f)).join('\n        ')}\n`,
      );
      if (dashboard) process.stdout.write(`the dashboard stays at ${dashboard.url} (Ctrl-C to stop)\n`);
    });
}

/** `--serve`: the dashboard on the ablation's runs folder, its page printed before the trials start. */
async function serveAblation(r: AblationRequest, serve: string | boolean) {
  const { planAblation } = await import('../../ablation/run-ablation.js');
  const { portOf, startServing } = await import('./serve.js');
  const dashboard = await startServing(r.runsDir, '127.0.0.1', portOf(serve === true ? '4173' : String(serve)));
  process.stdout.write(`live: ${dashboard.url}ablation/${encodeURIComponent(planAblation(r).id)}\n`);
  return dashboard;
}

/** With --queue (or $CONCERTINA_QUEUE): the runner that hands the trials to queue workers. */
async function queueRunner(
  flag: string | undefined,
  r: AblationRequest,
): Promise<Pick<AblationRequest, 'runner' | 'workers'> | undefined> {
  const { parseQueueUrl, queueUrlFrom } = await import('../../queue/queue-url.js');
  const url = queueUrlFrom(flag);
  if (!url) return undefined;
  const address = parseQueueUrl(url);
  const { checkReachable } = await import('../../queue/connect.js');
  await checkReachable(address);
  const { QueueRunner, connectedWorkers } = await import('../../queue/queue-runner.js');
  const workers = await connectedWorkers(address);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (workers === 0)
    log(`no worker is connected to ${address.display} yet: start \`concertina worker --queue ${url}\` on each host`);
  return {
    workers: Math.max(1, workers),
    runner: (callbacks, ablationId) => new QueueRunner({ address, ablationId, cacheDir: r.cacheDir, log }, callbacks),
  };
}

async function dryRun(r: AblationRequest, json: boolean): Promise<void> {
  const { planAblation } = await import('../../ablation/run-ablation.js');
  const plan = planAblation(r);
  if (json)
    return printJson({
      ablation: plan.id,
      dir: plan.dir,
      trials: plan.trials.map((t) => ({ ...t, done: plan.finished.has(t.id) })),
    });
  process.stdout.write(
    `ablation ${plan.id} (${plan.dir}): ${plan.trials.length} trials, ${plan.finished.size} already done\n`,
  );
  process.stdout.write(
    formatTable(
      ['trial', 'arm', 'mode', 'fraction', 'seed', 'grid', 'state'],
      plan.trials.map((t) => [
        t.id,
        t.arm,
        t.mode,
        String(t.trainFraction),
        String(t.seed),
        JSON.stringify(t.params),
        plan.finished.has(t.id) ? 'done' : 'to run',
      ]),
    ) + '\n',
  );
}

/** Progress for many trials at once: the run observer for trial events, plus trial milestones. */
function ablationProgress(
  runs: EventObserver<RunEvent>,
  isAblationEvent: (e: AblationStreamEvent) => e is AblationEvent,
): EventObserver<AblationStreamEvent> {
  let total = 0;
  let done = 0;
  return {
    next(e: AblationStreamEvent) {
      if (!isAblationEvent(e)) return runs.next?.(e);
      switch (e.type) {
        case 'ablation-started':
          total = e.trials;
          done = e.finished;
          process.stderr.write(
            `ablation ${e.ablationId}: ${e.trials} trials (${e.finished} already done) ` +
              `on ${e.workers} worker${e.workers > 1 ? 's' : ''}\n  ${e.dir}\n`,
          );
          break;
        case 'trial-completed':
          if (!e.reused)
            process.stderr.write(
              `trial ${e.trial} done (${++done}/${total}): ` +
                `${e.result.primaryMetric} ${e.result.metrics[e.result.primaryMetric]?.toFixed(4)}\n`,
            );
          break;
        case 'trial-failed':
          done++;
          process.stderr.write(`trial ${e.trial} FAILED: ${e.error.message}\n`);
          break;
        case 'ablation-completed':
          process.stderr.write(
            `ablation done in ${(e.durationMs / 1000).toFixed(0)} s: ${e.completed} completed, ${e.failed} failed\n`,
          );
          break;
        default:
          break;
      }
    },
    complete: () => runs.complete?.(),
    error: (err: unknown) => runs.error?.(err),
  };
}

function list(s: string, flag: string): string[] {
  const out = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (!out.length) throw new UsageError(`${flag}: give a comma-separated list`);
  return out;
}

function num(s: string, flag: string, lo: number, hi: number): number {
  const v = Number(s);
  if (!Number.isFinite(v) || v < lo || v > hi) throw new UsageError(`${flag}: ${s} is not a number in [${lo}, ${hi}]`);
  return v;
}

function mode(s: string): Mode {
  if (isMode(s)) return s;
  throw new UsageError(`--modes: ${s} is not staged or end-to-end`);
}

function gridAxis(s: string): [string, unknown[]] {
  const eq = s.indexOf('=');
  if (eq <= 0)
    throw new UsageError(`--grid ${s}: expected path=v1,v2`, {
      hint: 'e.g. --grid training.optimizer.learningRate=0.001,0.003',
    });
  checkPath(s.slice(0, eq), { label: '--grid' });
  return [
    s.slice(0, eq),
    s
      .slice(eq + 1)
      .split(',')
      .map(parseValue),
  ];
}

/** Quotes an argument for a POSIX shell when it needs it, so the report's command can be pasted. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./=,:@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
