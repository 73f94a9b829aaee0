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

/** Where runs go: --runs, else $CONCERTINA_RUNS, else ./runs. */
export function runsDir(o: GlobalOptions): string {
  return path.resolve(o.runs ?? process.env.CONCERTINA_RUNS ?? 'runs');
}

/** Where the content-addressed cache lives: --cache, else $CONCERTINA_CACHE, else ./.concertina/cache. */
export function cacheDir(o: GlobalOptions): string {
  return path.resolve(o.cache ?? process.env.CONCERTINA_CACHE ?? '.concertina/cache');
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
  return (o.plugin ?? []).map((p) => ({ path: path.resolve(p), pointer: '--plugin' }));
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
