import type { Command } from 'commander';
import { UsageError } from '../../errors/pipeline-error.js';
import { cacheDir, type GlobalOptions } from '../cli-context.js';

interface WorkerCommandOptions extends GlobalOptions {
  readonly queue?: string;
  readonly concurrency?: string;
  readonly hostId?: string;
}

/** `concertina worker --queue redis://...`: runs queued ablation trials on this host until stopped. */
export function workerCommand(program: Command): void {
  program
    .command('worker')
    .description('run ablation trials from a queue (Redis) on this host, until stopped (Ctrl-C)')
    .option('--queue <url>', 'the queue: redis://host:port[/db] (default: $CONCERTINA_QUEUE)')
    .option('--concurrency <n>', 'trials at once, each in its own process (default 1)')
    .option('--host-id <id>', "this host's name in cache locks (default: $CONCERTINA_HOST_ID or the host name)")
    .addHelpText(
      'after',
      `
A worker that dies (even kill -9) stops renewing its trials' job locks ($CONCERTINA_QUEUE_LOCK_MS,
default 5000, renewed every 1/8 to 1/4 of it). Once a lock has lapsed, another worker takes the trial
over within the stalled interval ($CONCERTINA_QUEUE_STALLED_MS, default 10000), or within half of it
when the lock lasts at least that half: workers run the stalled check every half of the interval, as
a job needs two checks to be moved. With the defaults a trial is taken over within 10 s of its
worker's death, and continues from its last epoch checkpoint in the shared cache.`,
    )
    .action(async (o: WorkerCommandOptions) => {
      const g = { ...program.opts<GlobalOptions>(), ...o };
      const { parseQueueUrl, queueUrlFrom } = await import('../../queue/queue-url.js');
      const url = queueUrlFrom(o.queue);
      if (!url)
        throw new UsageError('concertina worker needs a queue', {
          hint: 'give --queue redis://host:port[/db] or set $CONCERTINA_QUEUE',
        });
      const concurrency = o.concurrency === undefined ? 1 : Number(o.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
        throw new UsageError(`--concurrency ${o.concurrency}: expected a whole number from 1 to 64`);
      if (o.hostId !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(o.hostId))
        throw new UsageError(`--host-id ${JSON.stringify(o.hostId)}: use 1 to 64 letters, digits, '.', '_' or '-'`);
      const { startWorker } = await import('../../queue/run-worker.js');
      const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
      const worker = await startWorker({
        address: parseQueueUrl(url),
        concurrency,
        cacheDir: cacheDir(g),
        ...(o.hostId ? { hostId: o.hostId } : {}),
        log,
      });
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log(`worker: ${signal}: finishing the trials under way (again to stop at once)`);
          process.once(signal, () => process.exit(130));
          worker.close().then(resolve, resolve);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}
