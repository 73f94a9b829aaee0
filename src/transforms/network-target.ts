import type { CompiledPipeline, CompiledStage } from '../compile/compiled-pipeline.js';
import { didYouMean } from '../util/suggest.js';
import { mergedInto } from './graph-edit.js';
import type { TransformContext, TransformProblem } from './transform-kind.js';

/**
 * The network node a transform names in its `stage` param, or the problem: no such stage, a stage
 * merged into a collapsed network (name the network instead), or a stage that is not a network.
 */
export function networkTarget(
  p: CompiledPipeline,
  stageId: string,
  ctx: TransformContext,
  what: string,
): CompiledStage | TransformProblem {
  const at = `${ctx.pointer}/stage`;
  // Only own nodes: graphlib keeps them in a plain object, where `constructor` would be found too.
  const node = p.order.includes(stageId) ? p.graph.node(stageId) : undefined;
  if (!node) {
    const network = mergedInto(p, stageId);
    return network
      ? {
          code: 'unknown-stage',
          pointer: at,
          stageId,
          message: `stage \`${stageId}\` is part of the collapsed network \`${network.id}\` here`,
          hint: `name \`${network.id}\` to transform the collapsed network`,
        }
      : {
          code: 'unknown-stage',
          pointer: at,
          message: `no stage \`${stageId}\``,
          hint: didYouMean(stageId, p.order, 'stage id'),
        };
  }
  if (node.descriptor.collapse !== 'layers') {
    return {
      code: 'not-a-network',
      pointer: at,
      stageId,
      message: `stage \`${stageId}\` (${node.kind}) is not a network, so it cannot be ${what}`,
    };
  }
  return node;
}

/** Whether networkTarget found a node (rather than a problem). */
export function isNode(x: CompiledStage | TransformProblem): x is CompiledStage {
  return 'descriptor' in x;
}
