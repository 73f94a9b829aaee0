import 'reflect-metadata';
import { Container } from 'inversify';
import path from 'node:path';
import { builtinDatasets } from '../../datasets/index.js';
import { builtinStages } from '../../stages/index.js';
import { selectBackend } from '../backend/select-backend.js';
import { contentKey } from '../cache/content-key.js';
import { makeCatalog, type Catalog } from '../compile/catalog.js';
import type { DatasetKind } from '../data/dataset.js';
import type { RunServices } from '../execute/run-request.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { Lexicon } from '../speech/lexicon.js';
import { stageModule, type StageKindEntry } from '../stage/stage-module.js';
import { DATASET_KIND, STAGE_KIND } from '../stage/tokens.js';
import { ContainerStageFactory } from './stage-factory-impl.js';
import { loadPlugins, type PluginRef } from './load-plugins.js';

/** Everything the CLI and library users need, assembled in one place. */
export interface Concertina {
  readonly container: Container;
  readonly catalog: Catalog;
  readonly services: RunServices;
}

export interface ConcertinaOptions {
  /** Plugin modules to load (ContainerModules adding stage or dataset kinds). */
  readonly plugins?: readonly PluginRef[];
}

/**
 * The composition root: the only place that builds the container and asks it for objects. Built-in
 * kinds and plugins register through ContainerModules; the rest of the code receives what it needs.
 */
export async function createConcertina(options: ConcertinaOptions = {}): Promise<Concertina> {
  const container = new Container({ defaultScope: 'Transient' });
  container.load(stageModule(builtinStages, builtinDatasets));
  for (const m of await loadPlugins(options.plugins ?? [])) container.load(m);
  const entries = container.getAll<StageKindEntry>(STAGE_KIND);
  const datasets = container.getAll<DatasetKind>(DATASET_KIND);
  const catalog = makeCatalog(
    entries.map((e) => e.descriptor),
    datasets,
  );
  const services: RunServices = {
    catalog,
    stages: new ContainerStageFactory(container, entries),
    lexicon: async (loaded) => lexiconFor(loaded, catalog),
    selectBackend: async (choice) => {
      const info = await selectBackend(choice);
      return { name: info.name, requested: info.requested, reason: info.reason };
    },
  };
  return { container, catalog, services };
}

/** Plugins a spec names, resolved relative to the spec file. */
export function specPlugins(loaded: LoadedSpec): PluginRef[] {
  return (loaded.spec.plugins ?? []).map((p, i) => ({
    path: path.resolve(loaded.dir, p),
    file: loaded.file,
    pointer: `/plugins/${i}`,
  }));
}

/** The pipeline's lexicon, when its spec has one or its dataset needs one. */
function lexiconFor(loaded: LoadedSpec, catalog: Catalog): { lexicon: Lexicon; key: string } | undefined {
  const needs =
    loaded.spec.lexicon !== undefined || catalog.datasets.get(loaded.spec.dataset.kind)?.usesLexicon === true;
  if (!needs) return undefined;
  const overrides = loaded.spec.lexicon?.overrides ?? {};
  return {
    lexicon: new Lexicon({ overrides }),
    key: contentKey({ source: loaded.spec.lexicon?.source ?? 'cmudict', overrides }),
  };
}
