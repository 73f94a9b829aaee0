/** Catalogs for tests: the built-in kinds plus test-only kinds, registered as a plugin's would be. */
import type { StageDescriptor } from '../../src/compile/stage-descriptor.js';
import { builtinKinds } from '../../src/container/builtin-kinds.js';
import { makeCatalog, type Catalog } from '../../src/registry/catalog.js';
import type { KindSet } from '../../src/registry/kind-set.js';
import { stageKind } from '../../src/stage/stage-kind.js';

/** The built-in catalog with extra kinds; extra stage descriptors get a class that cannot be loaded. */
export function catalogWith(extra: { stages?: readonly StageDescriptor[] } & Omit<KindSet, 'stages'> = {}): Catalog {
  const stages = (extra.stages ?? []).map((d) =>
    stageKind(d, async () => {
      throw new Error(`test kind ${d.kind} has no class`);
    }),
  );
  return makeCatalog([
    { origin: 'concertina', kinds: builtinKinds },
    { origin: 'test', kinds: { ...extra, stages } },
  ]);
}
