/** Loading dataset kinds in tests the way a run does (schema defaults, cache, loadSource), without a spec. */
import { builtinDatasets } from '../../datasets/index.js';
import { StepCache } from '../../src/cache/step-cache.js';
import { makeCatalog } from '../../src/registry/catalog.js';
import type { DatasetKind, LoadedDataset } from '../../src/data/dataset.js';
import { SpecError } from '../../src/errors/pipeline-error.js';
import { loadData, type BaseLoadContext } from '../../src/execute/load-data.js';
import { validateAgainst } from '../../src/spec/schema-validator.js';
import { Lexicon } from '../../src/speech/lexicon.js';
import { LEXICON } from '../../src/speech/lexicon-service.js';
import { tempDir } from '../helpers/temp-dir.js';

export const lexicon = new Lexicon();

export interface LoadOptions {
  readonly sampleRate?: number;
  readonly onBadFile?: 'error' | 'skip';
  /** Extra dataset kinds (fake sources). */
  readonly extraKinds?: readonly DatasetKind<any>[];
  /** Cache folder (default: a fresh one, so nothing is reused). */
  readonly cacheDir?: string;
  readonly progress?: (done: number, total: number, what: string) => void;
}

/** The load context a run would give (8 kHz, the CMU lexicon). */
export function baseContext(o: LoadOptions = {}): BaseLoadContext {
  const cacheDir = o.cacheDir ?? tempDir('concertina-ds-');
  return {
    specDir: process.cwd(),
    requirements: { sampleRate: o.sampleRate ?? 8000 },
    onBadFile: o.onBadFile ?? 'error',
    cacheDir,
    services: { get: <T>(token: symbol) => (token === LEXICON ? (lexicon as T) : undefined) },
    seed: 1,
    progress: o.progress ?? (() => {}),
  };
}

/** Validates params against the kind's schema (filling defaults) and loads through loadData. */
export async function loadKind(
  kindName: string,
  params: Record<string, unknown>,
  o: LoadOptions = {},
): Promise<LoadedDataset & { cached: boolean; key: string }> {
  const catalog = makeCatalog([{ origin: 'test', kinds: { datasets: [...builtinDatasets, ...(o.extraKinds ?? [])] } }]);
  const kind = catalog.datasets.get(kindName)!;
  const p = structuredClone(params);
  const problems = validateAgainst(kind.paramsSchema, p, '/dataset/params', {});
  if (problems.length) throw new SpecError(problems);
  const base = baseContext(o);
  const { data, key, cached } = await loadData(
    kind,
    p,
    base,
    new StepCache(base.cacheDir),
    { lexicon: 'test' },
    catalog,
  );
  return { ...data, key, cached };
}

/** Root-mean-square of samples. */
export function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / Math.max(1, x.length));
}
