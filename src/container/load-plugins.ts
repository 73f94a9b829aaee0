import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SpecError, type Problem } from '../errors/pipeline-error.js';
import type { KindSet } from '../registry/kind-set.js';
import type { KindSource } from '../registry/catalog.js';

/** A plugin reference and where it was named (for messages). */
export interface PluginRef {
  readonly path: string;
  readonly file?: string;
  readonly pointer?: string;
}

/**
 * Imports plugin modules and returns the kinds each adds. A plugin default-exports `definePlugin({...})`
 * (stage, dataset, transform and service kinds), a stage class with a static descriptor or an array
 * of them, a transform kind, or an inversify ContainerModule (`stageModule(...)`). A file that is
 * missing, throws on import or exports anything else is a problem naming it, all reported together.
 */
export async function loadPlugins(refs: readonly PluginRef[]): Promise<KindSource[]> {
  const sources: KindSource[] = [];
  const problems: Problem[] = [];
  for (const ref of refs) {
    const abs = path.resolve(ref.path);
    const where = { ...(ref.file ? { file: ref.file } : {}), ...(ref.pointer ? { pointer: ref.pointer } : {}) };
    if (!existsSync(abs)) {
      problems.push({
        code: 'plugin-not-found',
        ...where,
        message: `plugin ${ref.path} does not exist (resolved to ${abs})`,
        hint: 'plugin paths in a spec are relative to the spec file; on the command line, to the current folder',
      });
      continue;
    }
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
    } catch (err) {
      problems.push({
        code: 'plugin-failed',
        ...where,
        message: `plugin ${ref.path} failed to load: ${(err as Error)?.message ?? String(err)}`,
      });
      continue;
    }
    let kinds: KindSet | undefined;
    try {
      kinds = await toKinds(mod.default ?? mod.plugin ?? mod.stages ?? mod.module);
    } catch (err) {
      problems.push({
        code: 'plugin-failed',
        ...where,
        message: `plugin ${ref.path} failed to register its kinds: ${(err as Error)?.message ?? String(err)}`,
      });
      continue;
    }
    if (!kinds) {
      problems.push({
        code: 'plugin-export',
        ...where,
        message: `plugin ${ref.path} exports no kinds: its default export is ${describe(mod.default)}`,
        hint: 'end the file with `export default definePlugin({ stages: [...], transforms: [...] })` or a stage class',
      });
      continue;
    }
    sources.push({ origin: `plugin ${ref.path}`, kinds: normalize(kinds), ...where });
  }
  if (problems.length) throw new SpecError(problems, refs.find((r) => r.file)?.file ?? 'plugins');
  return sources;
}

const isStageClass = (x: unknown) => typeof x === 'function' && !!(x as { descriptor?: unknown }).descriptor;
const isTransform = (x: unknown) =>
  !!x && typeof x === 'object' && typeof (x as { apply?: unknown }).apply === 'function' && 'paramsSchema' in x;
const KIND_SET_KEYS = ['stages', 'datasets', 'transforms', 'services'];

async function toKinds(x: unknown): Promise<KindSet | undefined> {
  if (isStageClass(x)) return { stages: [x as never] };
  if (Array.isArray(x) && x.length > 0 && x.every(isStageClass)) return { stages: x as never };
  if (isTransform(x)) return { transforms: [x as never] };
  if (x && typeof x === 'object' && typeof (x as { load?: unknown }).load === 'function' && 'id' in x) {
    return fromContainerModule(x);
  }
  if (x && typeof x === 'object' && !Array.isArray(x)) {
    const keys = Object.keys(x);
    if (
      keys.length &&
      keys.every((k) => KIND_SET_KEYS.includes(k)) &&
      keys.every((k) => Array.isArray((x as Record<string, unknown>)[k]))
    ) {
      return x as KindSet;
    }
  }
  return undefined;
}

/** The kinds an inversify ContainerModule binds (loaded only when a plugin is one). */
async function fromContainerModule(m: unknown): Promise<KindSet> {
  const { Container } = await import('inversify');
  const { STAGE_KIND, DATASET_KIND } = await import('./stage-module.js');
  const c = new Container();
  c.load(m as never);
  const all = (token: symbol) => (c.isBound(token) ? c.getAll<unknown>(token) : []);
  return { stages: all(STAGE_KIND) as never, datasets: all(DATASET_KIND) as never };
}

/** Accepts stage descriptors written for older versions (`endToEnd` for what is now `collapse`). */
function normalize(k: KindSet): KindSet {
  for (const s of k.stages ?? []) {
    const d = (typeof s === 'function' ? s.descriptor : s?.descriptor) as
      { collapse?: unknown; endToEnd?: unknown } | undefined;
    if (d && d.collapse === undefined && d.endToEnd !== undefined) d.collapse = d.endToEnd;
  }
  return k;
}

function describe(x: unknown): string {
  if (x === undefined) return 'missing';
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (typeof x === 'function') return 'a function without a static `descriptor`';
  return `a ${typeof x}`;
}
