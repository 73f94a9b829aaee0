import type { CompiledPipeline } from '../compile/compiled-pipeline.js';
import { loadSchema } from '../util/package-root.js';
import { didYouMean } from '../util/suggest.js';
import type { MultitaskParams } from './generated/multitask.js';
import { replaceNode } from './graph-edit.js';
import { isNode, networkTarget } from './network-target.js';
import type { TransformContext, TransformKind, TransformOutcome, TransformProblem } from './transform-kind.js';

/**
 * The multitask transform: auxiliary heads on a network stage's trunk, each with its own loss and
 * weight (or one network per head with `separate`, the single-task baseline). Pure: it sets the node's
 * `heads`, which the runtime trains.
 */
export const multitaskTransform: TransformKind<MultitaskParams> = {
  kind: 'multitask',
  description: 'Auxiliary heads on a network stage: one trunk, several losses; missing labels masked per head.',
  paramsSchema: loadSchema('transforms/multitask.schema.json'),
  apply: multitask,
};

function multitask(p: CompiledPipeline, params: MultitaskParams, ctx: TransformContext): TransformOutcome {
  const node = networkTarget(p, params.stage, ctx, 'a multi-task trunk');
  if (!isNode(node)) return { problems: [node] };
  const problems: TransformProblem[] = [];
  const labels = p.dataset.description.labels;
  const seen = new Set([node.supervision]);
  params.heads.forEach((h, k) => {
    const at = `${ctx.pointer}/heads/${k}/supervision`;
    if (!Object.hasOwn(labels, h.supervision)) {
      problems.push({
        code: 'unknown-supervision',
        pointer: at,
        stageId: node.id,
        message: `dataset \`${p.dataset.kind.kind}\` provides no label \`${h.supervision}\``,
        hint: didYouMean(h.supervision, Object.keys(labels), 'label'),
      });
    } else if (seen.has(h.supervision)) {
      problems.push({
        code: 'duplicate-head',
        pointer: at,
        stageId: node.id,
        message:
          h.supervision === node.supervision
            ? `\`${h.supervision}\` is already the main head of \`${node.id}\``
            : `\`${h.supervision}\` has two heads on \`${node.id}\``,
      });
    }
    seen.add(h.supervision);
  });
  if (node.heads) {
    problems.push({
      code: 'duplicate-multitask',
      pointer: `${ctx.pointer}/stage`,
      stageId: node.id,
      message: `stage \`${node.id}\` already has auxiliary heads (an earlier multitask transform)`,
      hint: 'list every head in one multitask transform',
    });
  }
  if (problems.length) return { problems };
  const heads = {
    weight: params.weight,
    extra: params.heads.map((h) => ({ supervision: h.supervision, weight: h.weight })),
    separate: params.separate,
  };
  const changes = params.heads.map((h) => ({
    action: 'add-head' as const,
    nodes: [node.id],
    summary:
      `\`${node.id}\` gets a head on \`${h.supervision}\` ` +
      `(${labels[h.supervision]!.kind} label, loss weight ${h.weight})`,
  }));
  if (params.weight !== 1) {
    changes.push({
      action: 'add-head',
      nodes: [node.id],
      summary: `\`${node.id}\`: its own head on \`${node.supervision}\` weighs ${params.weight}`,
    });
  }
  if (params.separate) {
    changes.push({
      action: 'add-head',
      nodes: [node.id],
      summary: `\`${node.id}\`: one separate network per head (the single-task baseline)`,
    });
  }
  return { pipeline: replaceNode(p, { ...node, heads }), changes };
}
