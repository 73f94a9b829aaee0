import { FONT } from '../charts/palette.js';
import { escapeHtml } from './html.js';

/** A node of plan.json's graph (src/plan/plan-json.ts). */
interface PlanNode {
  readonly id: string;
  readonly kind: string;
  readonly inputs: readonly string[];
  readonly output: string;
  readonly supervision: string | null;
  readonly members?: readonly PlanNode[];
  readonly heads?: { readonly extra?: readonly { readonly supervision: string }[] };
  readonly init?: { readonly from?: unknown };
}

/** plan.json as the dashboard reads it. */
export interface PlanJson {
  readonly pipeline: string;
  readonly mode: string;
  readonly dataset: string;
  readonly graph: { readonly nodes: readonly PlanNode[]; readonly output: string };
  readonly rewrites: readonly {
    readonly kind: string;
    readonly changes: readonly {
      readonly action: string;
      readonly nodes: readonly string[];
      readonly summary: string;
    }[];
  }[];
  readonly steps: readonly { readonly id: string; readonly action: string }[];
}

const [W, H, GAP_X, GAP_Y, MEMBER_H] = [200, 58, 70, 22, 24];

/**
 * The graph that runs, as SVG, left to right from the dataset: each stage a box (id, kind, output type, step
 * action), a collapsed network as a dashed group listing its member stages, stages a transform changed outlined in
 * orange, and the transforms' summaries below.
 */
export function planSvg(plan: PlanJson): string {
  const nodes = plan.graph.nodes;
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen = new Set<string>()): number => {
    if (depth.has(id)) return depth.get(id)!;
    const n = nodes.find((x) => x.id === id);
    if (!n || seen.has(id)) return 0;
    seen.add(id);
    const d = 1 + Math.max(0, ...n.inputs.map((i) => depthOf(i, seen)));
    depth.set(id, d);
    return d;
  };
  for (const n of nodes) depthOf(n.id);
  const changed = new Set(plan.rewrites.flatMap((r) => r.changes.flatMap((c) => c.nodes)));
  const actions = new Map(plan.steps.map((s) => [s.id, s.action]));
  const heightOf = (n: PlanNode) => H + (n.members?.length ?? 0) * MEMBER_H + (n.members ? 18 : 0);
  const columns = new Map<number, PlanNode[]>();
  for (const n of nodes) columns.set(depth.get(n.id)!, [...(columns.get(depth.get(n.id)!) ?? []), n]);
  const pos = new Map<string, { x: number; y: number; h: number }>();
  let maxY = H + 40;
  pos.set('@dataset', { x: 20, y: 40, h: H });
  for (const [d, col] of columns) {
    let y = 40;
    for (const n of col) {
      const h = heightOf(n);
      pos.set(n.id, { x: 20 + d * (W + GAP_X), y, h });
      y += h + GAP_Y;
    }
    maxY = Math.max(maxY, y);
  }
  const width = 40 + (Math.max(0, ...columns.keys()) + 1) * (W + GAP_X) - GAP_X;
  const notes = plan.rewrites.flatMap((r) => r.changes.map((c) => `${r.kind}: ${c.action}: ${c.summary}`));
  const height = maxY + 10 + notes.length * 18 + (notes.length ? 20 : 0);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="plan-graph" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="${escapeHtml(FONT)}" font-size="12">`,
    `<title>${escapeHtml(`${plan.pipeline} (${plan.mode})`)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" ' +
      'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>',
    text(20, 22, `${plan.pipeline}, mode ${plan.mode}: the graph that runs`, 'font-weight="bold" font-size="13"'),
  ];
  for (const n of nodes) {
    const to = pos.get(n.id)!;
    for (const input of n.inputs.length ? n.inputs : ['@dataset']) {
      const from = pos.get(input);
      if (!from) continue;
      const [x1, y1, x2, y2] = [from.x + W, from.y + H / 2, to.x, to.y + H / 2];
      const mx = (x1 + x2) / 2;
      out.push(
        `<path class="edge" d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}" ` +
          'fill="none" stroke="#777" stroke-width="1.4" marker-end="url(#arrow)"/>',
      );
    }
  }
  const ds = pos.get('@dataset')!;
  out.push(
    `<g class="node dataset"><rect x="${ds.x}" y="${ds.y}" width="${W}" height="${H}" rx="6" ` +
      'fill="#f3f3f3" stroke="#999"/>',
    text(ds.x + 10, ds.y + 22, 'dataset', 'font-weight="bold"'),
    text(ds.x + 10, ds.y + 40, plan.dataset, 'fill="#555"'),
    '</g>',
  );
  for (const n of nodes) out.push(nodeBox(n, pos.get(n.id)!, changed.has(n.id), actions.get(n.id)));
  let y = maxY + 16;
  if (notes.length) out.push(text(20, y, 'transforms applied:', 'font-weight="bold"'));
  for (const note of notes) out.push(text(30, (y += 18), note, 'class="rewrite" fill="#a05000"'));
  out.push('</svg>');
  return out.join('\n');
}

function nodeBox(n: PlanNode, p: { x: number; y: number; h: number }, changed: boolean, action?: string): string {
  const collapsed = !!n.members?.length;
  const stroke = changed ? '#D55E00' : '#0072B2';
  const out = [
    `<g class="node${collapsed ? ' collapsed' : ''}${changed ? ' changed' : ''}" data-id="${escapeHtml(n.id)}">`,
    `<rect x="${p.x}" y="${p.y}" width="${W}" height="${p.h}" rx="6" fill="${collapsed ? '#eef5fb' : '#ffffff'}" ` +
      `stroke="${stroke}" stroke-width="${changed ? 2.2 : 1.4}"${collapsed ? ' stroke-dasharray="5 3"' : ''}/>`,
    text(p.x + 10, p.y + 19, clip(n.id, 24), 'font-weight="bold"'),
    text(p.x + W - 8, p.y + 19, action ?? '', 'text-anchor="end" fill="#777" font-size="11"'),
    text(p.x + 10, p.y + 35, clip(n.kind, 30), 'fill="#333"'),
    text(p.x + 10, p.y + 50, clip(`→ ${n.output}`, 32), 'fill="#666" font-size="11"'),
  ];
  if (collapsed) {
    out.push(text(p.x + 10, p.y + H + 10, 'collapsed network of:', 'fill="#555" font-size="11"'));
    n.members!.forEach((m, i) => {
      const y = p.y + H + 18 + i * MEMBER_H;
      out.push(
        `<rect class="member" x="${p.x + 14}" y="${y}" width="${W - 28}" height="${MEMBER_H - 4}" rx="4" ` +
          'fill="#ffffff" stroke="#9bbbd6"/>',
        text(p.x + 22, y + 14, clip(`${m.id} [${m.kind}]`, 28), 'font-size="11"'),
      );
    });
  }
  const extras = [
    ...(n.heads?.extra?.length ? [`+ heads: ${n.heads.extra.map((h) => h.supervision).join(', ')}`] : []),
    ...(n.init ? [`starts from ${JSON.stringify(n.init.from)}`] : []),
  ];
  out.push(`<title>${escapeHtml([`${n.id} [${n.kind}] -> ${n.output}`, ...extras].join('\n'))}</title>`, '</g>');
  return out.join('\n');
}

function text(x: number, y: number, s: string, extra = ''): string {
  return `<text x="${x}" y="${y}" ${extra}>${escapeHtml(s)}</text>`;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
