import type { CompiledPipeline, CompiledStage } from '../compile/compiled-pipeline.js';
import { formatPort } from '../core/port-type.js';
import type { ExecutionPlan } from './execution-plan.js';

/** A node as plain data. */
function nodeJson(s: CompiledStage): Record<string, unknown> {
  return {
    id: s.id,
    kind: s.kind,
    inputs: s.inputs,
    inputTypes: s.inputTypes.map(formatPort),
    output: formatPort(s.outputType),
    supervision: s.supervision ?? null,
    ...(s.members ? { members: s.members.map(nodeJson) } : {}),
    ...(s.heads ? { heads: s.heads } : {}),
    ...(s.init ? { init: s.init } : {}),
  };
}

function graphJson(p: CompiledPipeline): Record<string, unknown> {
  return { output: p.primaryOutput, outputs: p.outputs, nodes: p.order.map((id) => nodeJson(p.graph.node(id)!)) };
}

/**
 * A plan as data (for `concertina plan --json`, and anything that draws it): the graph as compiled,
 * what each transform changed, the graph that runs and the ordered steps.
 */
export function planToJson(plan: ExecutionPlan): Record<string, unknown> {
  return {
    pipeline: plan.pipeline.spec.name,
    mode: plan.mode,
    dataset: plan.pipeline.dataset.kind.kind,
    compiled: graphJson(plan.compiled),
    rewrites: plan.rewrites,
    graph: graphJson(plan.pipeline),
    steps: plan.steps.map((st) => ({ id: st.stage.id, action: st.action, scope: st.scope })),
  };
}
