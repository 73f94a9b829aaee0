import { ContainerModule, inject, injectable } from 'inversify';
import type { DatasetKind } from '../data/dataset.js';
import type { Stage } from './stage.js';
import type { StageDescriptor } from './stage-descriptor.js';
import { DATASET_KIND, STAGE_CONTEXT, STAGE_KIND } from './tokens.js';

/** A stage kind class: constructed with its StageContext, described by a static descriptor. */
export interface StageClass {
  new (...args: any[]): Stage;
  readonly descriptor: StageDescriptor;
}

/** What the STAGE_KIND multi-binding holds: the descriptor and the class the container builds. */
export interface StageKindEntry {
  readonly descriptor: StageDescriptor;
  readonly stageClass: StageClass;
}

const decorated = new WeakSet<object>();

/**
 * Makes a stage class injectable with its StageContext as first constructor argument, so plain
 * JavaScript plugins need no decorators. Classes already decorated with @injectable are left alone.
 */
export function asInjectableStage(cls: StageClass): StageClass {
  if (decorated.has(cls)) return cls;
  try {
    injectable()(cls);
    inject(STAGE_CONTEXT)(cls, undefined, 0);
  } catch {
    // Already decorated with @injectable (TypeScript stages declare @inject(STAGE_CONTEXT) themselves).
  }
  decorated.add(cls);
  return cls;
}

/**
 * A ContainerModule registering stage kinds and dataset kinds: the unit a feature or a plugin ships.
 * `export default stageModule([MyStage])` in a plugin file is all a user writes to add a kind.
 */
export function stageModule(stages: readonly StageClass[], datasets: readonly DatasetKind[] = []): ContainerModule {
  return new ContainerModule(({ bind }) => {
    for (const cls of stages) {
      const c = asInjectableStage(cls);
      bind(c).toSelf().inTransientScope();
      bind<StageKindEntry>(STAGE_KIND).toConstantValue({ descriptor: c.descriptor, stageClass: c });
    }
    for (const d of datasets) bind<DatasetKind>(DATASET_KIND).toConstantValue(d);
  });
}
