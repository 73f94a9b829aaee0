import type { DatasetKind } from '../data/dataset.js';
import type { ServiceKind } from '../services/service-kind.js';
import type { StageDescriptor } from './stage-descriptor.js';

/** The kinds compile looks up, as plain data (the full catalog adds transform kinds). */
export interface CompileCatalog {
  readonly stages: ReadonlyMap<string, StageDescriptor>;
  readonly datasets: ReadonlyMap<string, DatasetKind>;
  readonly services: ReadonlyMap<string, ServiceKind>;
}
