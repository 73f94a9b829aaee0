import type { CompiledPipeline, WeightInit } from '../compile/compiled-pipeline.js';
import { SpecError, type Problem } from '../errors/pipeline-error.js';
import { checkPath } from '../spec/overrides.js';
import { pointer } from '../util/json-pointer.js';
import { loadSchema } from '../util/package-root.js';
import type { TransferParams } from './generated/transfer.js';
import { replaceNode } from './graph-edit.js';
import { isNode, networkTarget } from './network-target.js';
import type { GraphChange, TransformContext, TransformKind, TransformOutcome } from './transform-kind.js';

/**
 * The transfer transform: a network stage starts from a stage trained elsewhere (its head dropped,
 * the rest frozen as asked) and is fine-tuned here, at `learningRate` when given. Pure: the source is
 * found and its weights copied at run time, from the node's `init`.
 */
export const transferTransform: TransformKind<TransferParams> = {
  kind: 'transfer',
  description: 'Start a network stage from a stage trained elsewhere: drop its head, freeze, new head, fine-tune.',
  paramsSchema: loadSchema('transforms/transfer.schema.json'),
  apply: transfer,
};

function transfer(p: CompiledPipeline, params: TransferParams, ctx: TransformContext): TransformOutcome {
  const node = networkTarget(p, params.stage, ctx, 'transferred');
  if (!isNode(node)) return { problems: [node] };
  if (node.init) {
    return {
      problems: [
        {
          code: 'duplicate-transfer',
          pointer: `${ctx.pointer}/stage`,
          stageId: node.id,
          message: `stage \`${node.id}\` already starts from trained weights (an earlier transfer)`,
          hint: 'keep one transfer per stage',
        },
      ],
    };
  }
  const badPaths = setPathProblems(
    'set' in params.from ? (params.from.set ?? {}) : {},
    `${ctx.pointer}/from/set`,
    ctx.file,
  );
  if (badPaths.length) return { problems: badPaths };
  const init: WeightInit = {
    from: params.from,
    dropLayers: params.dropLayers,
    freeze: params.freeze,
    ...(params.unfreeze ? { unfreeze: { after: params.unfreeze.after, every: params.unfreeze.every } } : {}),
  };
  const training =
    params.learningRate === undefined
      ? node.training
      : { ...node.training, optimizer: { ...node.training.optimizer, learningRate: params.learningRate } };
  const changes: GraphChange[] = [
    {
      action: 'init-weights',
      nodes: [node.id],
      summary:
        `\`${node.id}\` starts from ${describeSource(params.from, node.id)} without its last ${params.dropLayers} ` +
        `layer(s)${params.learningRate !== undefined ? `, fine-tuned at learning rate ${params.learningRate}` : ''}`,
    },
    {
      action: 'freeze',
      nodes: [node.id],
      summary:
        `\`${node.id}\`: ${describeFreeze(params.freeze)}` +
        (params.unfreeze
          ? `; unfrozen from the top after ${params.unfreeze.after} epochs, one every ${params.unfreeze.every}`
          : ''),
    },
  ];
  return { pipeline: replaceNode(p, { ...node, init, training }), changes };
}

/** Where the weights come from, in words. */
function describeSource(from: WeightInit['from'], stageId: string): string {
  if ('model' in from) return `the saved model ${from.model}`;
  if ('run' in from) return `stage \`${from.stage ?? stageId}\` of run ${from.run}`;
  const mode = from.mode ? ` (${from.mode})` : '';
  return `stage \`${from.stage ?? stageId}\` of ${from.spec}${mode}, trained first through the cache`;
}

function describeFreeze(f: WeightInit['freeze']): string {
  if (f === 'all') return 'every transferred layer frozen';
  if (f === 'none') return 'nothing frozen (fine-tune all)';
  if (typeof f === 'number') return `the first ${f} transferred layer(s) frozen`;
  return `transferred layers matching ${f.map((x) => `\`${x}\``).join(', ')} frozen`;
}

/** Problems of the paths a transfer source sets on its spec (one leading into a prototype, an empty segment). */
function setPathProblems(set: Readonly<Record<string, unknown>>, at: string, file: string | undefined): Problem[] {
  return Object.keys(set).flatMap((k) => {
    try {
      checkPath(k, { label: 'transfer source', file, pointer: at + pointer(k) });
      return [];
    } catch (err) {
      if (err instanceof SpecError) return [...err.problems];
      throw err;
    }
  });
}
