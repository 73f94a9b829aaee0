import { Graph } from '@dagrejs/graphlib';
import type { Catalog } from '../compile/catalog.js';
import type { CompiledPipeline, CompiledStage, PipelineEdge } from '../compile/compiled-pipeline.js';
import { SpecError, type Problem } from '../errors/pipeline-error.js';
import { resolveTraining } from '../spec/resolved-training.js';
import { validateAgainst } from '../spec/schema-validator.js';
import type { CompileContext, StageDescriptor } from '../stage/stage-descriptor.js';
import { pointer } from '../util/json-pointer.js';

/** Kind of the node that stands for the one network of end-to-end mode. */
export const NETWORK_KIND = 'end-to-end-network';

/** A compiled stage that is the collapsed network: its member stages, in order, are built into one model. */
export interface NetworkNode extends CompiledStage {
  readonly members: readonly CompiledStage[];
  /** The member whose supervision trains the network (its head). */
  readonly headStage: string;
}

/** Whether a compiled stage is the collapsed network. */
export function isNetworkNode(s: CompiledStage): s is NetworkNode {
  return s.kind === NETWORK_KIND;
}

const networkDescriptor: StageDescriptor = {
  kind: NETWORK_KIND,
  description:
    'The stages between the input and the output, collapsed into one network trained on the output supervision only.',
  version: 1,
  paramsSchema: {},
  inputs: () => [],
  output: () => ({ kind: 'scores', dims: [] }),
  fit: 'supervised',
  endToEnd: 'layers',
};

/**
 * The end-to-end transform: the stages from `endToEnd.from` to the output collapse into one network
 * node trained only on the output stage's supervision. Hand-designed (`fixed`) stages in front stay as
 * preprocessing, or with `features: learned` are replaced by their learned counterparts. Decoders after
 * the output (grammar) run on the network's outputs. Pure: graph in, graph out.
 */
export function collapseEndToEnd(p: CompiledPipeline, catalog: Catalog): CompiledPipeline {
  const e = p.spec.endToEnd ?? {};
  const problems: Problem[] = [];
  const add = (x: Omit<Problem, 'file'>) => problems.push({ file: p.file, ...x });
  const nodes = p.order.map((id) => p.graph.node(id)!);
  const byId = new Map(nodes.map((n) => [n.id, n]));

  const outputId =
    e.output ??
    [...chainTo(p, p.primaryOutput)]
      .reverse()
      .find((id) => byId.get(id)!.descriptor.endToEnd === 'layers' && byId.get(id)!.supervision !== undefined);
  if (!outputId) {
    add({
      code: 'no-end-to-end-output',
      pointer: '/endToEnd',
      message: 'no trainable stage with a supervision leads to the output, so there is nothing to collapse',
      hint: 'set endToEnd.output to the stage whose labels should train the network',
    });
    throw new SpecError(problems, p.file);
  }
  const chain = chainTo(p, outputId);
  const fromId = e.from ?? chain[0]!;
  const start = chain.indexOf(fromId);
  if (start < 0) {
    add({
      code: 'end-to-end-from',
      pointer: '/endToEnd/from',
      message: `stage \`${fromId}\` does not lead to the output \`${outputId}\``,
      hint: `choose one of ${chain.join(', ')}`,
    });
    throw new SpecError(problems, p.file);
  }

  const pre: CompiledStage[] = chain.slice(0, start + 1).map((id) => byId.get(id)!);
  const members: CompiledStage[] = [];
  let memberInput = pre[pre.length - 1]!.outputType;
  for (const id of chain.slice(start + 1)) {
    const s = byId.get(id)!;
    const role = s.descriptor.endToEnd;
    if (role === 'fixed' && members.length === 0) {
      const replacement = e.features === 'learned' ? (e.replace?.[id] ?? s.descriptor.learnedReplacement) : undefined;
      if (!replacement) {
        pre.push(s);
        memberInput = s.outputType;
        continue;
      }
      const d = catalog.stages.get(replacement);
      if (!d) {
        add({
          code: 'unknown-stage-kind',
          pointer: pointer('endToEnd', 'replace', id),
          stageId: id,
          message: `unknown learned replacement \`${replacement}\` for \`${id}\``,
        });
        continue;
      }
      const params = structuredClone((e.replaceParams?.[id] ?? {}) as Record<string, unknown>);
      problems.push(
        ...validateAgainst(d.paramsSchema, params, pointer('endToEnd', 'replaceParams', id), {
          file: p.file,
          stageId: id,
        }),
      );
      const ctx: CompileContext = {
        dataset: p.dataset.description,
        supervision: undefined,
        phoneAlphabetSize: undefined,
        vocabularySize: undefined,
      };
      const inputTypes = [memberInput];
      const outputType = d.output(params, inputTypes, ctx);
      members.push({ ...s, kind: replacement, descriptor: d, params, inputTypes, outputType, supervision: undefined });
      memberInput = outputType;
      continue;
    }
    if (role !== 'layers') {
      add({
        code: 'not-collapsible',
        pointer: pointer('stages', s.index, 'kind'),
        stageId: id,
        message:
          `stage \`${id}\` (${s.kind}) cannot be part of the end-to-end network: ` +
          `it is ${role === 'fixed' ? 'hand-designed and sits after a trainable stage' : `a ${role}`}`,
        hint: 'move it before the first trainable stage or after endToEnd.output',
      });
      continue;
    }
    members.push({ ...s, inputTypes: [memberInput] });
    memberInput = s.outputType;
  }
  if (problems.length) throw new SpecError(problems, p.file);

  const out = byId.get(outputId)!;
  const taken = new Set(p.order);
  let networkId = 'network';
  while (taken.has(networkId)) networkId += '_';
  const network: NetworkNode = {
    id: networkId,
    index: -1,
    kind: NETWORK_KIND,
    descriptor: networkDescriptor,
    params: { members: members.map((m) => `${m.id}:${m.kind}`) },
    inputs: [pre[pre.length - 1]!.id],
    supervision: out.supervision,
    inputTypes: [pre[pre.length - 1]!.outputType],
    outputType: out.outputType,
    training: resolveTraining(p.spec.training, out.spec.training, e.training),
    spec: {
      id: networkId,
      kind: NETWORK_KIND,
      inputs: [pre[pre.length - 1]!.id],
      ...(out.supervision ? { supervision: out.supervision } : {}),
    },
    members,
    headStage: outputId,
  };

  const collapsed = new Set([...members.map((m) => m.id), outputId]);
  const graph = new Graph<unknown, CompiledStage, PipelineEdge>({ directed: true });
  const order: string[] = [];
  for (const n of nodes) {
    if (collapsed.has(n.id) && n.id !== outputId) continue;
    if (n.id === outputId) {
      graph.setNode(networkId, network);
      order.push(networkId);
      continue;
    }
    const inputs = n.inputs.map((i) => (collapsed.has(i) ? networkId : i));
    if (collapsed.has(n.id)) continue;
    const node: CompiledStage = { ...n, inputs };
    graph.setNode(n.id, node);
    order.push(n.id);
  }
  for (const id of order) {
    const n = graph.node(id)!;
    n.inputs.forEach((input, port) => graph.setEdge(input, id, { port, type: graph.node(input)!.outputType }));
  }
  const primary = collapsed.has(p.primaryOutput) ? networkId : p.primaryOutput;
  const outputs = [
    ...new Set(
      p.outputs.filter((o) => !collapsed.has(o) || o === outputId).map((o) => (o === outputId ? networkId : o)),
    ),
  ];
  return { ...p, graph, order, outputs, primaryOutput: primary };
}

/** The single-input chain from the source to `target` (stage ids, source first). */
function chainTo(p: CompiledPipeline, target: string): string[] {
  const chain = [target];
  let cur = p.graph.node(target)!;
  while (cur.inputs.length > 0) {
    const prev = cur.inputs[0]!;
    chain.unshift(prev);
    cur = p.graph.node(prev)!;
  }
  return chain;
}
