import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { UsageError } from '../../errors/pipeline-error.js';
import { runsDir, type GlobalOptions } from '../cli-context.js';

interface ServeOptions extends GlobalOptions {
  readonly port?: string;
  readonly host?: string;
}

/** Hosts that only this machine can reach. */
const LOCAL = new Set(['127.0.0.1', 'localhost', '::1']);

/** `concertina serve`: the live dashboard of the runs folder in the browser (read-only). */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('open the runs folder in the browser: runs table, run and ablation pages, compare, live updates')
    .option('--port <n>', 'port to listen on (0: any free port)', '4173')
    .option('--host <h>', 'address to bind (default 127.0.0.1: this machine only)', '127.0.0.1')
    .action(async (o: ServeOptions) => {
      const g = { ...program.opts<GlobalOptions>(), ...o };
      const dir = runsDir(g);
      if (!existsSync(dir)) throw new UsageError(`no runs folder at ${dir}`, { hint: 'pass --runs <dir>' });
      const dashboard = await startServing(dir, o.host ?? '127.0.0.1', portOf(o.port ?? '4173'));
      process.stdout.write(`serving ${dir}\nopen ${dashboard.url}\n(Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
      await dashboard.close();
    });
}

/** Starts the dashboard (loaded only now), warning when it is reachable from other machines. */
export async function startServing(dir: string, host: string, port: number) {
  if (!LOCAL.has(host))
    process.stderr.write(
      `warning: serving on ${host}: anyone who can reach this address can read every run in ${dir}\n`,
    );
  const { startDashboard } = await import('../../serve/server.js');
  return startDashboard({ runsDir: dir, host, port });
}

/** A port number from the command line. */
export function portOf(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be 0 to 65535, not ${s}`);
  return n;
}
