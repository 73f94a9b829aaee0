import type { CompiledPipeline, CompiledStage } from '../compile/compiled-pipeline.js';
import { formatPort } from '../compile/port-type.js';
import { isNetworkNode } from '../transforms/collapse.js';
import { fitKind } from '../stage/stage-descriptor.js';

/**
 * One step of a plan. `scope: all` steps are per-example functions of the data alone (features):
 * computed once over the whole dataset and shared by every training subset and trial; `subset`
 * steps depend on which examples were trained on.
 */
export interface PlanStep {
  readonly stage: CompiledStage;
  readonly action: 'source' | 'transform' | 'fit';
  readonly scope: 'all' | 'subset';
  /** What the step's result depends on besides its inputs' keys and the data (part of its cache key). */
  readonly keyParts: Readonly<Record<string, unknown>>;
}

export interface ExecutionPlan {
  readonly mode: 'staged' | 'end-to-end';
  readonly pipeline: CompiledPipeline;
  readonly steps: readonly PlanStep[];
}

/** Orders the (transformed) pipeline into steps. Pure. */
export function planPipeline(pipeline: CompiledPipeline, mode: 'staged' | 'end-to-end'): ExecutionPlan {
  const scope = new Map<string, 'all' | 'subset'>();
  const steps: PlanStep[] = pipeline.order.map((id) => {
    const s = pipeline.graph.node(id)!;
    const fit = fitKind(s.descriptor, s.params);
    const fits = fit !== 'none';
    const action: PlanStep['action'] = s.inputs.length === 0 ? 'source' : fits ? 'fit' : 'transform';
    const sc = fits || s.inputs.some((i) => scope.get(i) === 'subset') ? 'subset' : 'all';
    scope.set(id, sc);
    const keyParts: Record<string, unknown> = {
      kind: s.kind,
      version: s.descriptor.version,
      params: s.params,
      ...(s.transfer ? { transfer: s.transfer } : {}),
      ...(s.multitask ? { multitask: s.multitask } : {}),
      ...(isNetworkNode(s)
        ? {
            members: s.members.map((m) => ({
              id: m.id,
              kind: m.kind,
              version: m.descriptor.version,
              params: m.params,
            })),
            head: s.headStage,
          }
        : {}),
      // Training settings (and the stage id, which seeds the stage) matter only to supervised training.
      ...(fit === 'supervised' ? { training: s.training, supervision: s.supervision ?? null, stageId: s.id } : {}),
    };
    return { stage: s, action, scope: sc, keyParts };
  });
  return { mode, pipeline, steps };
}

/** A readable listing of the plan: one line per step with its types (for `concertina plan`). */
export function describePlan(plan: ExecutionPlan): string {
  const lines = [`mode: ${plan.mode}`, `output: ${plan.pipeline.primaryOutput}`, 'steps:'];
  plan.steps.forEach((st, i) => {
    const s = st.stage;
    const ins = s.inputs.length
      ? s.inputs.map((x, k) => `${x}:${formatPort(s.inputTypes[k]!)}`).join(', ')
      : `dataset ${plan.pipeline.dataset.kind.kind}:${formatPort(s.inputTypes[0]!)}`;
    const sup = s.supervision
      ? st.action === 'fit'
        ? ` (trains on ${s.supervision})`
        : ` (evaluated on ${s.supervision})`
      : '';
    lines.push(
      `  ${i + 1}. ${s.id} [${s.kind}] ${st.action}${sup}: ${ins} -> ${formatPort(s.outputType)}  scope=${st.scope}`,
    );
    if (isNetworkNode(s))
      for (const m of s.members)
        lines.push(
          `       layers of ${m.id} [${m.kind}]: ${formatPort(m.inputTypes[0]!)} -> ${formatPort(m.outputType)}`,
        );
    if (s.transfer) {
      const t = s.transfer;
      const unfreeze = t.unfreeze ? `, unfreeze after ${t.unfreeze.after ?? 3} every ${t.unfreeze.every ?? 2}` : '';
      lines.push(
        `       transfer: from ${JSON.stringify(t.from)}, drop ${t.dropLayers ?? 1} layer(s), ` +
          `freeze ${JSON.stringify(t.freeze ?? 'all')}${unfreeze}`,
      );
    }
    if (s.multitask) {
      const mt = s.multitask;
      const heads = [
        `${s.supervision}x${mt.weight ?? 1}`,
        ...(mt.heads ?? []).map((h) => `${h.supervision}x${h.weight ?? 1}`),
      ];
      lines.push(`       multitask${mt.separate ? ' (separate networks)' : ''}: heads ${heads.join(', ')}`);
    }
  });
  return lines.join('\n');
}

/** The pipeline as a Graphviz digraph (for `concertina plan --dot`). */
export function planToDot(plan: ExecutionPlan): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    `digraph ${q(plan.pipeline.spec.name)} {`,
    '  rankdir=LR;',
    '  node [shape=box, fontname="Helvetica"];',
    `  dataset [shape=cylinder, label=${q(`dataset\\n${plan.pipeline.dataset.kind.kind}`)}];`,
  ];
  for (const st of plan.steps) {
    const s = st.stage;
    const style = st.action === 'fit' ? ', style=filled, fillcolor="#dbeafe"' : '';
    const label = isNetworkNode(s) ? `${s.id}\\n[${s.members.map((m) => m.id).join(' + ')}]` : `${s.id}\\n${s.kind}`;
    lines.push(`  ${q(s.id)} [label=${q(label)}${style}];`);
    if (s.inputs.length === 0) lines.push(`  dataset -> ${q(s.id)} [label=${q(formatPort(s.inputTypes[0]!))}];`);
    s.inputs.forEach((i, k) => lines.push(`  ${q(i)} -> ${q(s.id)} [label=${q(formatPort(s.inputTypes[k]!))}];`));
  }
  lines.push('}');
  return lines.join('\n');
}
