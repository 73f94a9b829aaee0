import type { DatasetKind } from '../data/dataset.js';
import type { StageDescriptor } from '../stage/stage-descriptor.js';

/** The kinds a pipeline may use, as plain data for the pure compiler (built from the container). */
export interface Catalog {
  readonly stages: ReadonlyMap<string, StageDescriptor>;
  readonly datasets: ReadonlyMap<string, DatasetKind>;
}

/** Builds a catalog from lists of kinds; a kind registered twice is a programming error. */
export function makeCatalog(stages: readonly StageDescriptor[], datasets: readonly DatasetKind[]): Catalog {
  const s = new Map<string, StageDescriptor>();
  for (const d of stages) {
    if (s.has(d.kind)) throw new Error(`stage kind \`${d.kind}\` is registered twice`);
    s.set(d.kind, d);
  }
  const ds = new Map<string, DatasetKind>();
  for (const d of datasets) {
    if (ds.has(d.kind)) throw new Error(`dataset kind \`${d.kind}\` is registered twice`);
    ds.set(d.kind, d);
  }
  return { stages: s, datasets: ds };
}
