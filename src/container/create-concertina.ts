import path from 'node:path';
import type { RunServices } from '../execute/run-request.js';
import { makeCatalog, type Catalog } from '../registry/catalog.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { builtinKinds } from './builtin-kinds.js';
import { loadPlugins, type PluginRef } from './load-plugins.js';
import { ContainerStageFactory } from './stage-factory.js';

/** Everything the CLI and library users need, assembled in one place. */
export interface Concertina {
  readonly catalog: Catalog;
  readonly services: RunServices;
}

export interface ConcertinaOptions {
  /** Plugin modules to load (each adds stage, dataset, transform or service kinds). */
  readonly plugins?: readonly PluginRef[];
}

/**
 * The composition root: the one place that assembles the catalog of kinds (built-ins and plugins,
 * registered alike) and the services a run uses. The dependency-injection container that builds stage
 * instances, tf and the backend are loaded only when something runs.
 */
export async function createConcertina(options: ConcertinaOptions = {}): Promise<Concertina> {
  const catalog = makeCatalog([
    { origin: 'concertina', kinds: builtinKinds },
    ...(await loadPlugins(options.plugins ?? [])),
  ]);
  const services: RunServices = {
    catalog,
    stages: new ContainerStageFactory(catalog),
    selectBackend: async (choice) => {
      const { selectBackend } = await import('../backend/select-backend.js');
      const info = await selectBackend(choice);
      return {
        name: info.name,
        requested: info.requested,
        reason: info.reason,
        ...(info.matmul !== undefined ? { matmul: info.matmul } : {}),
      };
    },
  };
  return { catalog, services };
}

/** Plugins a spec names, resolved relative to the spec file. */
export function specPlugins(loaded: LoadedSpec): PluginRef[] {
  return (loaded.spec.plugins ?? []).map((p, i) => ({
    path: path.resolve(loaded.dir, p),
    file: loaded.file,
    pointer: `/plugins/${i}`,
  }));
}
