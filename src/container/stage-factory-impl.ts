import { Container } from 'inversify';
import type { CompiledStage } from '../compile/compiled-pipeline.js';
import type { Stage } from '../stage/stage.js';
import type { StageContext } from '../stage/stage-context.js';
import type { StageFactory } from '../stage/stage-factory.js';
import type { StageKindEntry } from '../stage/stage-module.js';
import { STAGE_CONTEXT } from '../stage/tokens.js';
import { StageError } from '../errors/pipeline-error.js';

/**
 * Builds each stage instance in a child container that binds its StageContext, so stage classes
 * receive their context (and any shared service) through their constructors.
 */
export class ContainerStageFactory implements StageFactory {
  private readonly classes: Map<string, StageKindEntry['stageClass']>;

  constructor(
    private readonly root: Container,
    entries: readonly StageKindEntry[],
  ) {
    this.classes = new Map(entries.map((e) => [e.descriptor.kind, e.stageClass]));
  }

  create(stage: CompiledStage, ctx: StageContext): Stage {
    const cls = this.classes.get(stage.kind);
    if (!cls)
      throw new StageError(`no stage kind \`${stage.kind}\` is registered`, { location: { stageId: stage.id } });
    const child = new Container({ parent: this.root });
    child.bind(STAGE_CONTEXT).toConstantValue(ctx);
    return child.get(cls);
  }
}
