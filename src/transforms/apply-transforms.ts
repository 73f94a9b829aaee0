import { Graph } from '@dagrejs/graphlib';
import type { CompiledPipeline, CompiledStage, PipelineEdge } from '../compile/compiled-pipeline.js';
import { SpecError, type Problem } from '../errors/pipeline-error.js';
import type { MultitaskTransform } from '../spec/generated/transforms/multitask.js';
import type { TransferTransform } from '../spec/generated/transforms/transfer.js';
import { validateAgainst } from '../spec/schema-validator.js';
import { loadSchema } from '../util/package-root.js';
import { didYouMean } from '../util/suggest.js';

let schemas: Record<string, object> | undefined;

/** The JSON Schema of each transform kind. */
function transformSchemas(): Record<string, object> {
  return (schemas ??= {
    transfer: loadSchema('transforms/transfer.schema.json'),
    multitask: loadSchema('transforms/multitask.schema.json'),
  });
}

/**
 * Applies the spec's `transforms` (after the end-to-end collapse, if any): each attaches its settings
 * to the network stage it names, checked against the transform's schema, the graph and the dataset.
 * They compose: a stage can be transferred and multi-task at once. Pure.
 */
export function applyTransforms(p: CompiledPipeline): CompiledPipeline {
  const list = p.spec.transforms ?? [];
  if (list.length === 0) return p;
  const problems: Problem[] = [];
  const add = (x: Omit<Problem, 'file'>) => problems.push({ file: p.file, ...x });
  const updates = new Map<string, { transfer?: TransferTransform; multitask?: MultitaskTransform }>();
  list.forEach((t, i) => {
    const at = `/transforms/${i}`;
    const schema = transformSchemas()[t.kind];
    if (!schema)
      return add({
        code: 'unknown-transform',
        pointer: `${at}/kind`,
        message: `unknown transform \`${t.kind}\``,
        hint: 'transfer or multitask',
      });
    const own = validateAgainst(schema, t, at, { file: p.file });
    if (own.length) return void problems.push(...own);
    const stageId = (t as unknown as { stage: string }).stage;
    const s = p.graph.node(stageId) as CompiledStage | undefined;
    if (!s) {
      const collapsed = p.spec.stages.some((x) => x.id === stageId);
      return add({
        code: 'unknown-stage',
        pointer: `${at}/stage`,
        message: collapsed
          ? `stage \`${stageId}\` is part of the end-to-end network in this mode`
          : `no stage \`${stageId}\``,
        hint: collapsed
          ? 'name `network` to transform the end-to-end network'
          : didYouMean(stageId, p.order, 'stage id'),
      });
    }
    if (s.descriptor.endToEnd !== 'layers') {
      return add({
        code: 'not-a-network',
        pointer: `${at}/stage`,
        stageId,
        message:
          `stage \`${stageId}\` (${s.kind}) is not a network, ` +
          `so it cannot be ${t.kind === 'transfer' ? 'transferred' : 'a multi-task trunk'}`,
      });
    }
    const u = updates.get(stageId) ?? {};
    if (t.kind === 'transfer') u.transfer = t as unknown as TransferTransform;
    else {
      const m = t as unknown as MultitaskTransform;
      (m.heads ?? []).forEach((h, k) => {
        const label = p.dataset.description.labels[h.supervision];
        if (!label)
          add({
            code: 'unknown-supervision',
            pointer: `${at}/heads/${k}/supervision`,
            stageId,
            message: `dataset \`${p.dataset.kind.kind}\` provides no label \`${h.supervision}\``,
            hint: didYouMean(h.supervision, Object.keys(p.dataset.description.labels), 'label'),
          });
        if (h.supervision === s.supervision)
          add({
            code: 'duplicate-head',
            pointer: `${at}/heads/${k}/supervision`,
            stageId,
            message: `\`${h.supervision}\` is already the main head of \`${stageId}\``,
          });
      });
      u.multitask = m;
    }
    updates.set(stageId, u);
  });
  if (problems.length) throw new SpecError(problems, p.file);
  const graph = new Graph<unknown, CompiledStage, PipelineEdge>({ directed: true });
  for (const id of p.order) graph.setNode(id, { ...p.graph.node(id)!, ...(updates.get(id) ?? {}) });
  for (const e of p.graph.edges()) graph.setEdge(e.v, e.w, p.graph.edge(e)!);
  return { ...p, graph };
}
