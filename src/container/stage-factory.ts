import type { Container } from 'inversify';
import type { CompiledStage } from '../compile/compiled-pipeline.js';
import { StageError } from '../errors/pipeline-error.js';
import type { Catalog } from '../registry/catalog.js';
import type { ServiceLookup } from '../services/service-kind.js';
import type { Stage } from '../stage/stage.js';
import type { StageContext } from '../stage/stage-context.js';
import type { StageClass, StageFactory } from '../stage/stage-kind.js';
import { STAGE_CONTEXT } from '../stage/tokens.js';

const decorated = new WeakSet<object>();

/**
 * Builds each stage instance in a child container that binds its StageContext and the pipeline's
 * services, so stage classes receive them through their constructors. The container (and each
 * kind's class) is loaded on the first stage created: validating and planning need neither.
 */
export class ContainerStageFactory implements StageFactory {
  private root: Promise<Container> | undefined;

  constructor(private readonly catalog: Catalog) {}

  async create(stage: CompiledStage, ctx: StageContext, services: ServiceLookup): Promise<Stage> {
    const kind = this.catalog.stageKinds.get(stage.kind);
    if (!kind)
      throw new StageError(`no stage kind \`${stage.kind}\` is registered`, { location: { stageId: stage.id } });
    const cls = await kind.load();
    const root = await (this.root ??= this.makeRoot());
    const { Container } = await import('inversify');
    await injectable(cls);
    const child = new Container({ parent: root });
    child.bind(STAGE_CONTEXT).toConstantValue(ctx);
    for (const s of this.catalog.services.values()) child.bind(s.token).toDynamicValue(() => services.get(s.token));
    child.bind(cls).toSelf().inTransientScope();
    return child.get<Stage>(cls);
  }

  private async makeRoot(): Promise<Container> {
    (await import('../backend/quiet-tf.js')).quietTf();
    await import('reflect-metadata');
    const { Container } = await import('inversify');
    return new Container({ defaultScope: 'Transient' });
  }
}

/**
 * Makes a stage class injectable with its StageContext as first constructor argument, so plain
 * JavaScript plugins need no decorators. Classes already decorated with @injectable are left alone.
 */
async function injectable(cls: StageClass): Promise<void> {
  if (decorated.has(cls)) return;
  const inversify = await import('inversify');
  try {
    inversify.injectable()(cls);
    inversify.inject(STAGE_CONTEXT)(cls, undefined, 0);
  } catch {
    // Already decorated with @injectable (TypeScript stages declare @inject(STAGE_CONTEXT) themselves).
  }
  decorated.add(cls);
}
