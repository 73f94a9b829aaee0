/** Shared by the vision tests: loading a dataset kind the way a run does, without registering it. */
import type { DatasetKind, LoadedDataset } from '../../src/data/dataset.js';
import { SpecError } from '../../src/errors/pipeline-error.js';
import { validateAgainst } from '../../src/spec/schema-validator.js';

/** Validates params against the kind's schema (filling defaults, as a run does) and loads. */
export async function loadWithDefaults<P>(
  kind: DatasetKind<P>,
  params: Record<string, unknown> = {},
): Promise<LoadedDataset & { params: P }> {
  const p = structuredClone(params);
  const problems = validateAgainst(kind.paramsSchema, p, '/dataset/params', {});
  if (problems.length) throw new SpecError(problems);
  const data = await kind.load(p as P, {
    specDir: process.cwd(),
    requirements: {},
    onBadFile: 'error',
    cacheDir: '/nonexistent-cache-dir',
    services: { get: () => undefined },
    seed: 1,
    loadSource: async () => {
      throw new Error('vision datasets load no sources');
    },
    progress: () => {},
  });
  return { ...data, params: p as P };
}

/** Whether two float arrays are equal value for value. */
export function sameData(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Mean of values. */
export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / Math.max(1, xs.length);
}
