import { Graph } from '@dagrejs/graphlib';
import type { CompiledPipeline, CompiledStage, PipelineEdge } from '../compile/compiled-pipeline.js';
import { mismatch } from '../core/port-type.js';
import type { TransformProblem } from './transform-kind.js';

/**
 * Rebuilds a pipeline from its nodes in a new order (edges follow each node's `inputs`, typed by the
 * producer's output). `renamed` maps ids that a node replaced (merged stages -> the network), so
 * outputs and the primary output follow. Every input must come before its consumer: a transform
 * that breaks this has a bug, so it throws.
 */
export function rebuildPipeline(
  p: CompiledPipeline,
  nodes: readonly CompiledStage[],
  renamed: ReadonlyMap<string, string> = new Map(),
): CompiledPipeline {
  const graph = new Graph<unknown, CompiledStage, PipelineEdge>({ directed: true });
  for (const n of nodes) {
    if (graph.hasNode(n.id)) throw new Error(`transform produced two nodes \`${n.id}\``);
    n.inputs.forEach((i) => {
      if (!graph.hasNode(i))
        throw new Error(`transform left \`${n.id}\` reading \`${i}\`, which does not come before it`);
    });
    graph.setNode(n.id, n);
    n.inputs.forEach((i, port) => graph.setEdge(i, n.id, { port, type: graph.node(i)!.outputType }));
  }
  const rename = (id: string) => renamed.get(id) ?? id;
  const outputs = [...new Set(p.outputs.map(rename).filter((id) => graph.hasNode(id)))];
  return { ...p, graph, order: nodes.map((n) => n.id), outputs, primaryOutput: rename(p.primaryOutput) };
}

/** The pipeline with one node replaced by a new version of itself (same id, same place). */
export function replaceNode(p: CompiledPipeline, node: CompiledStage): CompiledPipeline {
  if (!p.graph.hasNode(node.id)) throw new Error(`no node \`${node.id}\` to replace`);
  return rebuildPipeline(
    p,
    p.order.map((id) => (id === node.id ? node : p.graph.node(id)!)),
  );
}

/**
 * Inserts `node` in front of input `port` of `target`: the node reads what the target read there (its
 * own `inputs` say so) and the target reads the node. The node's output must fit the target's port,
 * else the problems say why.
 */
export function insertBefore(
  p: CompiledPipeline,
  target: string,
  node: CompiledStage,
  port = 0,
): CompiledPipeline | { readonly problems: TransformProblem[] } {
  const t = p.graph.node(target);
  if (!t) throw new Error(`no node \`${target}\` to insert before`);
  const pattern = t.descriptor.inputs(t.params)[port];
  const why = pattern ? mismatch(node.outputType, pattern) : undefined;
  if (why) {
    return {
      problems: [
        {
          code: 'port-mismatch',
          pointer: node.pointer,
          stageId: node.id,
          message: `\`${node.id}\` cannot feed \`${target}\`: its input \`${pattern!.name}\` ${why}`,
        },
      ],
    };
  }
  const inputTypes = t.inputTypes.map((x, k) => (k === port ? node.outputType : x));
  const inputs = t.inputs.map((x, k) => (k === port ? node.id : x));
  const nodes = p.order.flatMap((id) => (id === target ? [node, { ...t, inputs, inputTypes }] : [p.graph.node(id)!]));
  return rebuildPipeline(p, nodes);
}

/** The chain of first inputs from the source to `target` (ids, source first). */
export function chainTo(p: CompiledPipeline, target: string): string[] {
  const chain = [target];
  let cur = p.graph.node(target)!;
  while (cur.inputs.length > 0) {
    const prev = cur.inputs[0]!;
    chain.unshift(prev);
    cur = p.graph.node(prev)!;
  }
  return chain;
}

/** The network node whose members include `stageId`, if a collapse merged it. */
export function mergedInto(p: CompiledPipeline, stageId: string): CompiledStage | undefined {
  return p.order.map((id) => p.graph.node(id)!).find((n) => n.members?.some((m) => m.id === stageId));
}

/** A node id not yet used in the pipeline, from `base` (`network`, `network_2`...). */
export function freshId(p: CompiledPipeline, base: string): string {
  if (!p.graph.hasNode(base) && !p.spec.stages.some((s) => s.id === base)) return base;
  for (let i = 2; ; i++) {
    const id = `${base}_${i}`;
    if (!p.graph.hasNode(id) && !p.spec.stages.some((s) => s.id === id)) return id;
  }
}
