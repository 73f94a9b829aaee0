import { ContainerModule } from 'inversify';
import type { DatasetKind } from '../data/dataset.js';
import type { DescribedStageClass } from '../stage/stage-kind.js';

/** Token of the stage classes a legacy plugin ContainerModule binds. */
export const STAGE_KIND = Symbol.for('concertina.StageKind');
/** Token of the dataset kinds a legacy plugin ContainerModule binds. */
export const DATASET_KIND = Symbol.for('concertina.DatasetKind');

/**
 * A ContainerModule registering stage classes and dataset kinds, for plugins written against the
 * inversify API. `definePlugin({ stages, datasets, transforms })` is the simpler way.
 */
export function stageModule(
  stages: readonly DescribedStageClass[],
  datasets: readonly DatasetKind<any>[] = [],
): ContainerModule {
  return new ContainerModule(({ bind }) => {
    for (const cls of stages) bind(STAGE_KIND).toConstantValue(cls);
    for (const d of datasets) bind(DATASET_KIND).toConstantValue(d);
  });
}
