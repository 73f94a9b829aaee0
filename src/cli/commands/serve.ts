import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors/pipeline-error.js';

/** `concertina serve <folder>`: serves an exported bundle with its demo page (`export --demo`) on localhost. */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('serve an exported bundle and its demo page (concertina export --demo) on localhost')
    .argument('<folder>', 'a folder written by `concertina export --demo`')
    .option('--port <n>', 'port (default: 8080)', '8080')
    .action(async (folder: string, o: { port: string }) => {
      if (!existsSync(path.join(folder, 'index.html')))
        throw new UsageError(`${folder} holds no demo page (index.html)`, {
          hint: 'write one with `concertina export <run-dir> --out <folder> --demo`',
        });
      const { serveFolder } = await import('../../export/static-server.js');
      const s = await serveFolder(folder, Number(o.port));
      process.stdout.write(`serving ${path.resolve(folder)} at ${s.url} (Ctrl-C stops)\n`);
      await new Promise(() => {});
    });
}
