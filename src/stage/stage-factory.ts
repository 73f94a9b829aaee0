import type { CompiledStage } from '../compile/compiled-pipeline.js';
import type { Stage } from './stage.js';
import type { StageContext } from './stage-context.js';

/** Creates the runtime instance of a compiled stage with its context (implemented by the composition root). */
export interface StageFactory {
  create(stage: CompiledStage, ctx: StageContext): Stage;
}

export const STAGE_FACTORY = Symbol.for('concertina.StageFactory');
