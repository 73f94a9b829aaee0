import type { CompiledStage } from '../compile/compiled-pipeline.js';
import type { StageDescriptor } from '../compile/stage-descriptor.js';
import type { ServiceLookup } from '../services/service-kind.js';
import type { Stage } from './stage.js';
import type { StageContext } from './stage-context.js';

/**
 * A stage kind class: constructed with its StageContext (injected under STAGE_CONTEXT, with any
 * pipeline service it asks for by token).
 */
export interface StageClass {
  new (...args: any[]): Stage;
}

/**
 * A stage kind as registered: its descriptor, which compile and plan read, and its class, which only
 * execution needs. `load` may import the class lazily, so that validating and planning never load
 * tf or a kind's heavy dependencies.
 */
export interface StageKind {
  readonly descriptor: StageDescriptor;
  load(): Promise<StageClass>;
}

/** A stage kind whose class is imported when first needed (`() => import('./my-stage.js').then((m) => m.MyStage)`). */
export function stageKind(descriptor: StageDescriptor, load: () => Promise<StageClass>): StageKind {
  let loading: Promise<StageClass> | undefined;
  return { descriptor, load: () => (loading ??= load()) };
}

/** A stage class that carries its descriptor as a static property (loaded eagerly with the plugin). */
export interface DescribedStageClass extends StageClass {
  readonly descriptor: StageDescriptor;
}

/** The stage kind of a class with a static descriptor. */
export function classStageKind(cls: DescribedStageClass): StageKind {
  return { descriptor: cls.descriptor, load: async () => cls };
}

/** Creates the runtime instance of a compiled stage with its context (implemented by the composition root). */
export interface StageFactory {
  create(stage: CompiledStage, ctx: StageContext, services: ServiceLookup): Promise<Stage>;
}
