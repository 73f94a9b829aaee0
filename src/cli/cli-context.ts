import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { roundNumbers } from '../core/metric-direction.js';
import { isMode, type Mode } from '../core/mode.js';
import { UsageError } from '../errors/pipeline-error.js';
import type { BackendChoice } from '../execute/run-request.js';
import { createConcertina, specPlugins, type Concertina } from '../container/create-concertina.js';
import type { PluginRef } from '../container/load-plugins.js';
import { loadSpec, type LoadedSpec } from '../spec/load-spec.js';

/** Options every command shares. */
export interface GlobalOptions {
  readonly plugin?: string[];
  readonly runs?: string;
  readonly cache?: string;
  readonly json?: boolean;
}

/** Where runs go: --runs, else $CONCERTINA_RUNS, else ./runs (checked to be a usable folder). */
export function runsDir(o: GlobalOptions, write = true): string {
  const [dir, label] = o.runs ? [o.runs, '--runs'] : [process.env.CONCERTINA_RUNS ?? 'runs', '$CONCERTINA_RUNS'];
  return folderOption(dir, o.runs || process.env.CONCERTINA_RUNS ? label : 'the runs folder', write);
}

/** Where the content-addressed cache lives: --cache, else $CONCERTINA_CACHE, else ./.concertina/cache. */
export function cacheDir(o: GlobalOptions, write = true): string {
  const dir = o.cache ?? process.env.CONCERTINA_CACHE ?? '.concertina/cache';
  const label = o.cache ? '--cache' : process.env.CONCERTINA_CACHE ? '$CONCERTINA_CACHE' : 'the cache folder';
  return folderOption(dir, label, write);
}

/** Folders of the system that are not places for files (and where a recursive mkdir can hang). */
const SYSTEM = ['/proc', '/sys', '/dev'];

/**
 * A folder the user named (`--out`, `--runs`, `--cache`), resolved and checked before anything is created
 * there: no file in the way, not inside /proc, /sys or /dev, and, when it will be written, the nearest existing
 * folder writable. A usage error says which part is wrong.
 */
export function folderOption(dir: string, label: string, write = true): string {
  const abs = path.resolve(dir);
  let existing = abs;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  let real: string;
  try {
    real = realpathSync(existing);
  } catch (err) {
    throw new UsageError(`${label} ${dir}: cannot be used (${(err as Error).message})`);
  }
  const system = SYSTEM.find((s) => real === s || real.startsWith(s + '/'));
  if (system !== undefined)
    throw new UsageError(`${label} ${dir}: ${real} is inside ${system}, not a place for files`, {
      hint: 'give a folder in your project or home folder',
    });
  if (!statSync(real).isDirectory())
    throw new UsageError(`${label} ${dir}: ${existing} is a file, not a folder`, {
      hint: existing === abs ? 'give a folder, or remove the file' : 'give a path that does not pass through a file',
    });
  if (write) {
    try {
      accessSync(real, constants.W_OK | constants.X_OK);
    } catch {
      throw new UsageError(`${label} ${dir}: ${existing} is not writable`, {
        hint: 'give a folder you may write to',
      });
    }
  }
  return abs;
}

/** Loads a spec (with --set overrides) and assembles concertina with the spec's and the CLI's plugins. */
export async function openSpec(
  file: string,
  o: GlobalOptions & { set?: string[] },
): Promise<{ loaded: LoadedSpec; app: Concertina }> {
  const loaded = await loadSpec(file, { overrides: o.set ?? [] });
  const app = await createConcertina({ plugins: [...cliPlugins(o), ...specPlugins(loaded)] });
  return { loaded, app };
}

/** --plugin paths, relative to the current folder. */
export function cliPlugins(o: GlobalOptions): PluginRef[] {
  return (o.plugin ?? []).map((p) => ({ path: path.resolve(p), file: `--plugin ${p}` }));
}

/** Prints JSON to stdout (machine-readable output of --json), fractions rounded to 6 significant digits. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, roundNumbers, 2) + '\n');
}

/** The --mode option: staged or end-to-end. */
export function parseMode(m: string | undefined): Mode | undefined {
  if (m === undefined || isMode(m)) return m;
  throw new UsageError(`--mode ${m}: expected staged or end-to-end`);
}

/** The --backend option. */
export function parseBackend(b: string | undefined): BackendChoice | undefined {
  if (b === undefined || b === 'auto' || b === 'tensorflow' || b === 'wasm' || b === 'cpu') return b;
  throw new UsageError(`--backend ${b}: expected auto, tensorflow, wasm or cpu`);
}
