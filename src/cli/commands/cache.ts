import type { Command } from 'commander';
import { UsageError } from '../../errors/pipeline-error.js';
import { StepCache } from '../../cache/step-cache.js';
import { cacheDir, printJson, type GlobalOptions } from '../cli-context.js';
import { formatTable } from '../../util/format-table.js';

/** `concertina cache [info|prune]`: where the cache is, what it holds, and removing old entries. */
export function cacheCommand(program: Command): void {
  const cmd = program.command('cache').description('show or prune the content-addressed cache');
  cmd
    .command('info', { isDefault: true })
    .description('location, size and entries by kind')
    .action(() => {
      const g = program.opts<GlobalOptions>();
      const cache = new StepCache(cacheDir(g, false));
      const entries = cache.entries();
      const byWhat = new Map<string, { n: number; bytes: number }>();
      for (const e of entries) {
        const k = e.what.replace(/ .*$/, '');
        const x = byWhat.get(k) ?? { n: 0, bytes: 0 };
        byWhat.set(k, { n: x.n + 1, bytes: x.bytes + e.bytes });
      }
      const total = entries.reduce((n, e) => n + e.bytes, 0);
      if (g.json)
        return printJson({
          dir: cache.root,
          entries: entries.length,
          bytes: total,
          byKind: Object.fromEntries(byWhat),
        });
      process.stdout.write(`cache ${cache.root}: ${entries.length} entries, ${mib(total)}\n`);
      if (entries.length)
        process.stdout.write(
          formatTable(
            ['kind', 'entries', 'size'],
            [...byWhat].map(([k, v]) => [k, String(v.n), mib(v.bytes)]),
          ) + '\n',
        );
    });
  cmd
    .command('prune')
    .description('remove entries not used for a while (and leftovers of interrupted writes)')
    .option('--older-than <days>', 'remove entries not used for this many days', '30')
    .option('--all', 'remove every entry')
    .action((o: { olderThan: string; all?: boolean }) => {
      const g = program.opts<GlobalOptions>();
      const cache = new StepCache(cacheDir(g));
      const r = cache.prune(o.all ? 0 : days(o.olderThan));
      if (g.json) return printJson(r);
      process.stdout.write(`removed ${r.removed} entries, freed ${mib(r.freedBytes)}\n`);
    });
}

/** --older-than: a number of days, zero or more (`-3` or `abc` would prune everything or nothing). */
function days(s: string): number {
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v) || v < 0)
    throw new UsageError(`--older-than ${s}: expected a number of days, 0 or more`, {
      hint: 'e.g. --older-than 30; --all removes every entry',
    });
  return v;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
