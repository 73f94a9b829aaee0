import { formatPort } from '../core/port-type.js';
import type { ExecutionPlan } from './execution-plan.js';

/** A DOT string literal; `\n` in `s` becomes DOT's line break. */
function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * The graph that runs, as a Graphviz digraph (for `concertina plan --dot`): trained steps filled, a
 * collapsed network drawn as a cluster of its member stages, transform-made changes in the labels.
 */
export function planToDot(plan: ExecutionPlan): string {
  const lines = [
    `digraph ${q(plan.pipeline.spec.name)} {`,
    '  rankdir=LR;',
    '  node [shape=box, fontname="Helvetica"];',
    `  dataset [shape=cylinder, label=${q(`dataset\n${plan.pipeline.dataset.kind.kind}`)}];`,
  ];
  // Where each node's output leaves from, and where its input arrives (a cluster's last and first member).
  const exit = new Map<string, string>();
  const entry = new Map<string, string>();
  for (const st of plan.steps) {
    const s = st.stage;
    const fill = st.action === 'fit' ? ', style=filled, fillcolor="#dbeafe"' : '';
    const notes = [
      s.heads ? `+ heads ${s.heads.extra.map((h) => h.supervision).join(', ')}` : '',
      s.init ? 'starts from trained weights' : '',
    ]
      .filter(Boolean)
      .join('\n');
    if (s.members) {
      lines.push(
        `  subgraph ${q(`cluster_${s.id}`)} {`,
        `    label=${q(`${s.id}: one network, trained on ${s.supervision}${notes ? `\n${notes}` : ''}`)};`,
        '    style=rounded; color="#2563eb";',
      );
      s.members.forEach((m, k) => {
        const id = `${s.id}/${m.id}`;
        lines.push(`    ${q(id)} [label=${q(`${m.id}\n${m.kind}`)}${fill}];`);
        if (k > 0)
          lines.push(
            `    ${q(`${s.id}/${s.members![k - 1]!.id}`)} -> ${q(id)} [label=${q(formatPort(m.inputTypes[0]!))}];`,
          );
      });
      lines.push('  }');
      entry.set(s.id, `${s.id}/${s.members[0]!.id}`);
      exit.set(s.id, `${s.id}/${s.members[s.members.length - 1]!.id}`);
    } else {
      lines.push(`  ${q(s.id)} [label=${q(`${s.id}\n${s.kind}${notes ? `\n${notes}` : ''}`)}${fill}];`);
    }
    const to = entry.get(s.id) ?? s.id;
    if (s.inputs.length === 0) lines.push(`  dataset -> ${q(to)} [label=${q(formatPort(s.inputTypes[0]!))}];`);
    s.inputs.forEach((i, k) =>
      lines.push(`  ${q(exit.get(i) ?? i)} -> ${q(to)} [label=${q(formatPort(s.inputTypes[k]!))}];`),
    );
  }
  lines.push('}');
  return lines.join('\n');
}
