import type { CompiledPipeline, CompiledStage } from '../compile/compiled-pipeline.js';
import { formatPort } from '../core/port-type.js';
import type { ExecutionPlan } from './execution-plan.js';

/**
 * A readable listing of a plan (for `concertina plan`): the graph as compiled, what each transform
 * changed, then one line per step with its types; a collapsed network lists its members' layers.
 */
export function describePlan(plan: ExecutionPlan): string {
  const lines = [`pipeline ${plan.pipeline.spec.name}, mode ${plan.mode}`, 'graph as compiled:'];
  for (const id of plan.compiled.order) lines.push(`  ${nodeLine(plan.compiled, plan.compiled.graph.node(id)!)}`);
  if (plan.rewrites.length === 0) lines.push('transforms: none (the graph runs as compiled)');
  else {
    lines.push('transforms:');
    plan.rewrites.forEach((r, i) => {
      lines.push(`  ${i + 1}. ${r.kind} (${r.pointer})`);
      for (const c of r.changes) lines.push(`       ${c.action}: ${c.summary}`);
      if (r.changes.length === 0) lines.push('       no change (nothing in the graph it applies to)');
    });
  }
  lines.push(`output: ${plan.pipeline.primaryOutput}`, 'steps:');
  plan.steps.forEach((st, i) => {
    const s = st.stage;
    const ins = s.inputs.length
      ? s.inputs.map((x, k) => `${x}:${formatPort(s.inputTypes[k]!)}`).join(', ')
      : `dataset ${plan.pipeline.dataset.kind.kind}:${formatPort(s.inputTypes[0]!)}`;
    const sup = s.supervision ? ` (${st.action === 'fit' ? 'trains' : 'evaluated'} on ${s.supervision})` : '';
    lines.push(
      `  ${i + 1}. ${s.id} [${s.kind}] ${st.action}${sup}: ${ins} -> ${formatPort(s.outputType)}  scope=${st.scope}`,
    );
    for (const m of s.members ?? []) {
      lines.push(
        `       layers of ${m.id} [${m.kind}]: ${formatPort(m.inputTypes[0]!)} -> ${formatPort(m.outputType)}`,
      );
    }
    if (s.heads) {
      const heads = [
        `${s.supervision} x${s.heads.weight}`,
        ...s.heads.extra.map((h) => `${h.supervision} x${h.weight}`),
      ];
      lines.push(`       heads${s.heads.separate ? ' (separate networks)' : ''}: ${heads.join(', ')}`);
    }
    if (s.init) {
      const { from, dropLayers, freeze } = s.init;
      lines.push(`       starts from: ${JSON.stringify(from)}, drop ${dropLayers}, freeze ${JSON.stringify(freeze)}`);
    }
  });
  return lines.join('\n');
}

function nodeLine(p: CompiledPipeline, s: CompiledStage): string {
  const from = s.inputs.length ? s.inputs.join(', ') : `dataset ${p.dataset.kind.kind}`;
  const sup = s.supervision ? ` (supervision ${s.supervision})` : '';
  return `${s.id} [${s.kind}]${sup}: ${from} -> ${formatPort(s.outputType)}`;
}
