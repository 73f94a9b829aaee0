import type { StageDescriptor } from '../compile/stage-descriptor.js';
import type { DatasetKind } from '../data/dataset.js';
import { SpecError, type Problem } from '../errors/pipeline-error.js';
import type { ServiceKind } from '../services/service-kind.js';
import type { StageKind } from '../stage/stage-kind.js';
import type { TransformCatalog, TransformKind } from '../transforms/transform-kind.js';
import { stageKindsOf, type KindSet } from './kind-set.js';

/** Every kind a pipeline may use: what compile, transforms and plan read, and the stage classes' loaders. */
export interface Catalog extends TransformCatalog {
  readonly stageKinds: ReadonlyMap<string, StageKind>;
}

/** Kinds and where they came from (`concertina` for the built-ins, else the plugin's path), for messages. */
export interface KindSource {
  readonly origin: string;
  readonly kinds: KindSet;
  /** Where the plugin was named (spec pointer or --plugin). */
  readonly file?: string;
  readonly pointer?: string;
}

/**
 * Builds the catalog from kind sets. A kind that two sources register (a plugin re-registering a
 * built-in, two plugins the same kind) is a problem naming both; a kind without a string `kind` too.
 */
export function makeCatalog(sources: readonly KindSource[]): Catalog {
  const problems: Problem[] = [];
  const stages = new Map<string, StageDescriptor>();
  const stageKinds = new Map<string, StageKind>();
  const datasets = new Map<string, DatasetKind>();
  const transforms = new Map<string, TransformKind>();
  const services = new Map<string, ServiceKind>();
  const origins = new Map<string, string>();
  const register = <T>(
    src: KindSource,
    what: string,
    map: Map<string, T>,
    name: unknown,
    value: T,
    schema: unknown,
  ) => {
    const where = { ...(src.file ? { file: src.file } : {}), ...(src.pointer ? { pointer: src.pointer } : {}) };
    if (typeof name !== 'string' || name === '') {
      problems.push({
        code: 'plugin-kind',
        ...where,
        message: `${src.origin} registers a ${what} kind whose \`kind\` is not a non-empty string (${kindOf(name)})`,
      });
      return;
    }
    if (schema === null || typeof schema !== 'object') {
      problems.push({
        code: 'plugin-kind',
        ...where,
        message:
          `${src.origin} registers ${what} kind \`${name}\` ` + `without a \`paramsSchema\` object (${kindOf(schema)})`,
        hint: 'give the kind a JSON Schema of its params, e.g. { "type": "object", "additionalProperties": false }',
      });
      return;
    }
    const key = `${what}:${name}`;
    const first = origins.get(key);
    if (first !== undefined) {
      problems.push({
        code: 'duplicate-kind',
        ...where,
        message: `${src.origin} registers ${what} kind \`${name}\`, which ${first} already registers`,
        hint: 'give the kind another name',
      });
      return;
    }
    origins.set(key, src.origin);
    map.set(name, value);
  };
  for (const src of sources) {
    for (const k of stageKindsOf(src.kinds)) {
      register(src, 'stage', stageKinds, k?.descriptor?.kind, k, k?.descriptor?.paramsSchema);
      if (k && stageKinds.get(k.descriptor?.kind) === k) stages.set(k.descriptor.kind, k.descriptor);
    }
    for (const d of src.kinds.datasets ?? []) register(src, 'dataset', datasets, d?.kind, d, d?.paramsSchema);
    for (const t of src.kinds.transforms ?? []) register(src, 'transform', transforms, t?.kind, t, t?.paramsSchema);
    for (const s of src.kinds.services ?? []) register(src, 'service', services, s?.name, s, {});
  }
  if (problems.length) throw new SpecError(problems, sources.find((s) => s.file)?.file ?? 'plugins');
  return { stages, stageKinds, datasets, transforms, services };
}

/** What a value is, for messages: `number`, `null`, `an array`... */
function kindOf(x: unknown): string {
  return x === undefined ? 'missing' : x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x;
}
