import { StageError } from '../errors/pipeline-error.js';

/** Layers that act only in training (identity at inference): removed from exported models. */
export const TRAINING_ONLY_LAYERS: ReadonlySet<string> = new Set([
  'SpecAugment',
  'SeededDropout',
  'Dropout',
  'SpatialDropout1D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
]);

type InboundRef = [string, number, number, Record<string, unknown>?];
interface LayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes?: InboundRef[][];
}
interface ModelTopology {
  class_name: string;
  config: { layers: LayerJson[]; output_layers?: InboundRef[]; input_layers?: InboundRef[] } & Record<string, unknown>;
}

/**
 * A saved model's topology without its training-only layers: each one's consumers are wired to its
 * input instead (they have no weights, so the weight files stay as they are). Returns the new topology
 * and the names of the removed layers.
 */
export function stripTrainingLayers(topology: unknown, stageId: string): { topology: unknown; removed: string[] } {
  const model = structuredClone(topology) as ModelTopology;
  const layers = model.config?.layers;
  if (!Array.isArray(layers))
    throw new StageError(`stage \`${stageId}\`: its saved model has no layer list`, { location: { stageId } });
  const removed: string[] = [];
  const replace = new Map<string, InboundRef>();
  for (const l of layers) {
    if (!TRAINING_ONLY_LAYERS.has(l.class_name)) continue;
    if (model.class_name === 'Sequential') {
      removed.push(l.name);
      continue;
    }
    const nodes = l.inbound_nodes ?? [];
    if (nodes.length !== 1 || nodes[0]!.length !== 1)
      throw new StageError(
        `stage \`${stageId}\`: training-only layer ${l.name} (${l.class_name}) is applied more than once or to ` +
          'several inputs; it cannot be removed for export',
        { location: { stageId } },
      );
    removed.push(l.name);
    replace.set(l.name, resolve(nodes[0]![0]!, replace));
  }
  const kept = layers.filter((l) => !removed.includes(l.name));
  const rewire = (r: InboundRef): InboundRef => {
    const to = replace.get(r[0]);
    return to ? ([to[0], to[1], to[2], ...(r.length > 3 ? [r[3]] : [])] as InboundRef) : r;
  };
  for (const l of kept) if (l.inbound_nodes) l.inbound_nodes = l.inbound_nodes.map((node) => node.map(rewire));
  if (model.config.output_layers) model.config.output_layers = model.config.output_layers.map(rewire);
  model.config.layers = kept;
  return { topology: model, removed };
}

/** Follows a chain of removed layers back to a kept one. */
function resolve(r: InboundRef, replace: ReadonlyMap<string, InboundRef>): InboundRef {
  const to = replace.get(r[0]);
  return to ? ([to[0], to[1], to[2], ...(r.length > 3 ? [r[3]] : [])] as InboundRef) : r;
}

/** Class names of every layer of a topology, wrapped layers (Bidirectional's GRU...) included. */
export function layerClasses(topology: unknown): { layer: string; className: string }[] {
  const out: { layer: string; className: string }[] = [];
  const visit = (l: { class_name?: string; config?: Record<string, unknown> } | undefined, name: string) => {
    if (!l?.class_name) return;
    out.push({ layer: name, className: l.class_name });
    const inner = l.config?.layer as { class_name?: string; config?: Record<string, unknown> } | undefined;
    if (inner) visit(inner, `${name}/${String(inner.config?.name ?? inner.class_name)}`);
    const nested = l.config?.layers as LayerJson[] | undefined;
    if (Array.isArray(nested)) for (const n of nested) visit(n, `${name}/${n.name}`);
  };
  for (const l of (topology as ModelTopology).config.layers) visit(l, l.name);
  return out;
}
