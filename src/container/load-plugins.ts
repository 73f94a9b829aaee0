import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ContainerModule } from 'inversify';
import { SpecError, type Problem } from '../errors/pipeline-error.js';
import { stageModule, type StageClass } from '../stage/stage-module.js';

/** A plugin reference and where it was named (for messages). */
export interface PluginRef {
  readonly path: string;
  readonly file?: string;
  readonly pointer?: string;
}

/**
 * Imports plugin modules. A plugin default-exports a ContainerModule (e.g. `stageModule([MyStage])`),
 * or a stage class, or an array of them; anything else is a problem naming the file.
 */
export async function loadPlugins(refs: readonly PluginRef[]): Promise<ContainerModule[]> {
  const modules: ContainerModule[] = [];
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
        message: `plugin ${ref.path} failed to load: ${(err as Error).message}`,
      });
      continue;
    }
    const m = toModule(mod.default ?? mod.stages ?? mod.module);
    if (!m) {
      problems.push({
        code: 'plugin-export',
        ...where,
        message: `plugin ${ref.path} exports no ContainerModule or stage class as default`,
        hint: 'end the file with `export default stageModule([MyStage])`',
      });
      continue;
    }
    modules.push(m);
  }
  if (problems.length) throw new SpecError(problems, refs[0]?.file ?? 'plugins');
  return modules;
}

function toModule(x: unknown): ContainerModule | undefined {
  if (x instanceof ContainerModule) return x;
  // A ContainerModule from another copy of inversify (a plugin's own node_modules) still has load().
  if (x && typeof x === 'object' && typeof (x as { load?: unknown }).load === 'function' && 'id' in x)
    return x as ContainerModule;
  if (typeof x === 'function' && 'descriptor' in x) return stageModule([x as StageClass]);
  if (Array.isArray(x) && x.every((c) => typeof c === 'function' && 'descriptor' in c))
    return stageModule(x as StageClass[]);
  return undefined;
}
