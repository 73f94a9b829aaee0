import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors/pipeline-error.js';
import { runsDir, type GlobalOptions } from '../cli-context.js';

interface ServeOptions extends GlobalOptions {
  readonly port?: string;
  readonly host?: string;
}

/** Hosts that only this machine can reach. */
const LOCAL = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * `concertina serve`: the live dashboard of the runs folder in the browser (read-only);
 * `concertina serve <folder>`: an exported bundle's demo page (`concertina export --demo`).
 */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'open the runs folder in the browser (runs table, run and ablation pages, compare, live updates), ' +
        'or serve an exported demo folder',
    )
    .argument('[folder]', 'a folder written by `concertina export --demo` (default: the dashboard of --runs)')
    .option('--port <n>', 'port to listen on (0: any free port; default 4173, 8080 for a demo folder)')
    .option('--host <h>', 'address to bind (default 127.0.0.1: this machine only)', '127.0.0.1')
    .action(async (folder: string | undefined, o: ServeOptions) => {
      if (folder !== undefined) return serveDemo(folder, portOf(o.port ?? '8080'));
      const g = { ...program.opts<GlobalOptions>(), ...o };
      const dir = runsDir(g);
      if (!existsSync(dir)) throw new UsageError(`no runs folder at ${dir}`, { hint: 'pass --runs <dir>' });
      const dashboard = await startServing(dir, o.host ?? '127.0.0.1', portOf(o.port ?? '4173'));
      process.stdout.write(`serving ${dir}\nopen ${dashboard.url}\n(Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
      await dashboard.close();
    });
}

/** Serves an exported bundle with its demo page on localhost until interrupted. */
async function serveDemo(folder: string, port: number): Promise<void> {
  if (!existsSync(path.join(folder, 'index.html')))
    throw new UsageError(`${folder} holds no demo page (index.html)`, {
      hint: 'write one with `concertina export <run-dir> --out <folder> --demo`, or omit it for the dashboard',
    });
  const { serveFolder } = await import('../../export/static-server.js');
  const s = await serveFolder(folder, port);
  process.stdout.write(`serving ${path.resolve(folder)} at ${s.url} (Ctrl-C stops)\n`);
  await new Promise(() => {});
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
