import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StepCache } from '../cache/step-cache.js';
import { contentKey } from '../util/content-key.js';
import type { CompileCatalog } from '../compile/catalog.js';
import type { DatasetKind, DatasetLoadContext, Example, LoadedDataset } from '../data/dataset.js';
import { SpecError } from '../errors/pipeline-error.js';
import { readItems, writeItems } from '../io/item-file.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { validateAgainst } from '../spec/schema-validator.js';
import { didYouMean } from '../util/suggest.js';
import { codeVersion } from '../util/code-version.js';

/** Bumped when cached datasets must be rebuilt because the stored layout changed. */
const DATASET_CACHE_VERSION = 1;

/** The load context without `loadSource`, which loadData adds. */
export type BaseLoadContext = Omit<DatasetLoadContext, 'loadSource'>;

/**
 * Loads a dataset, through the cache when its kind can fingerprint the data cheaply. Returns the
 * data, its cache key and whether it came from the cache. Datasets built from other datasets get a
 * `loadSource` that loads those the same way.
 */
export async function loadData(
  kind: DatasetKind,
  params: Record<string, unknown>,
  base: BaseLoadContext,
  cache: StepCache,
  serviceKeys: Readonly<Record<string, string>>,
  catalog: CompileCatalog,
): Promise<{ data: LoadedDataset; key: string; cached: boolean }> {
  const ctx: DatasetLoadContext = {
    ...base,
    loadSource: (source, pointer) => loadSource(source, pointer, base, cache, serviceKeys, catalog),
  };
  if (!kind.fingerprint) {
    const data = await kind.load(params, ctx);
    return {
      data,
      key: contentKey({
        dataset: kind.kind,
        fingerprint: data.fingerprint,
        requirements: ctx.requirements,
        services: serviceKeys,
      }),
      cached: false,
    };
  }
  const fingerprint = await kind.fingerprint(params, ctx);
  const key = contentKey({
    v: DATASET_CACHE_VERSION,
    dataset: kind.kind,
    params,
    requirements: ctx.requirements,
    fingerprint,
    services: serviceKeys,
    onBadFile: ctx.onBadFile,
    code: codeVersion(),
  });
  const hit = cache.lookup(key, `dataset:${kind.kind}`);
  if (hit) return { data: readDataset(hit, fingerprint), key, cached: true };
  // Parallel trials wait for one of them to load (decode, generate) the data rather than all doing it.
  const release = await cache.lock(key, ctx.signal);
  try {
    if (cache.complete(key)) return { data: readDataset(cache.dir(key), fingerprint), key, cached: true };
    const data = await kind.load(params, ctx);
    await cache.store(key, { what: `dataset ${kind.kind}`, info: { examples: data.examples.length } }, async (dir) =>
      writeDataset(dir, data),
    );
    return { data, key, cached: false };
  } finally {
    release();
  }
}

async function loadSource(
  source: { readonly kind: string; readonly params?: Record<string, unknown> },
  pointer: string,
  base: BaseLoadContext,
  cache: StepCache,
  serviceKeys: Readonly<Record<string, string>>,
  catalog: CompileCatalog,
): Promise<LoadedDataset> {
  const kind = catalog.datasets.get(source.kind);
  if (!kind)
    throw new SpecError([
      {
        code: 'unknown-dataset-kind',
        pointer: `${pointer}/kind`,
        message: `unknown dataset kind \`${source.kind}\``,
        hint: didYouMean(source.kind, [...catalog.datasets.keys()], 'dataset kind'),
      },
    ]);
  const params = structuredClone(source.params ?? {});
  const problems = validateAgainst(kind.paramsSchema, params, `${pointer}/params`, {});
  if (problems.length) throw new SpecError(problems);
  return (await loadData(kind, params, base, cache, serviceKeys, catalog)).data;
}

/** Stores a loaded dataset in a cache entry folder. */
function writeDataset(dir: string, d: LoadedDataset): void {
  writeItems(
    path.join(dir, 'inputs.bin'),
    d.examples.map((e) => e.input),
  );
  writeJsonAtomic(path.join(dir, 'dataset.json'), {
    labels: d.labels,
    skipped: d.skipped,
    examples: d.examples.map(({ input: _input, ...rest }) => rest),
  });
}

/** Reads a dataset stored by writeDataset. */
function readDataset(dir: string, fingerprint: string): LoadedDataset {
  const inputs = readItems(path.join(dir, 'inputs.bin'));
  const meta = JSON.parse(readFileSync(path.join(dir, 'dataset.json'), 'utf8')) as {
    labels: LoadedDataset['labels'];
    skipped: LoadedDataset['skipped'];
    examples: Omit<Example, 'input'>[];
  };
  return {
    labels: meta.labels,
    skipped: meta.skipped,
    fingerprint,
    examples: meta.examples.map((e, i) => ({ ...e, input: inputs[i]! })),
  };
}

/**
 * A dataset derived from another (augmented copies), through the cache: computed once under `key`,
 * with other processes waiting for it rather than computing it too.
 */
export async function derivedData(
  key: string,
  what: string,
  cache: StepCache,
  make: () => LoadedDataset,
  signal?: AbortSignal,
): Promise<LoadedDataset> {
  const hit = cache.lookup(key, what);
  if (hit) return readDataset(hit, key);
  const release = await cache.lock(key, signal);
  try {
    if (cache.complete(key)) return readDataset(cache.dir(key), key);
    const data = make();
    await cache.store(key, { what, info: { examples: data.examples.length } }, async (dir) => writeDataset(dir, data));
    return data;
  } finally {
    release();
  }
}
