import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { PortType } from '../core/port-type.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import type { Item, LabelValue, Metrics } from '../core/item.js';
import type { LayerFactory } from './layer-factory.js';
import { buildNetwork } from './build-network.js';
import type { Head } from './head.js';
import { EntryHead, mergeEntries } from './heads/entry-head.js';
import { layerFactory } from './layer-factory.js';
import { ParameterBudget } from './parameter-budget.js';
import { Network, type FitOptions, type NetworkShape } from './network.js';
import { TrainingCheckpoint } from './checkpoint.js';

/** How to build the networks of a stage: its input, trunk, heads and seed. */
export interface NetworkRecipe {
  readonly inputType: PortType;
  readonly body: (input: tf.SymbolicTensor, layers: LayerFactory) => tf.SymbolicTensor;
  /** Main head first, then auxiliary heads (multi-task). */
  readonly heads: readonly Head[];
  readonly weights: readonly number[];
  readonly seed: number;
  readonly prefix: string;
  /** JSON pointer of the stage in the spec, for errors. */
  readonly pointer?: string;
  readonly shape: Omit<NetworkShape, 'sequenceInput'>;
  /** One network per head (and per output of a multi-label head) instead of one shared trunk. */
  readonly separate: boolean;
  /** Per head: the output names of a multi-label head (split into one network each when separate). */
  readonly outputs: readonly (readonly string[] | undefined)[];
}

/** A unit trained together: a network and the heads (by index into the recipe) it carries. */
interface Part {
  readonly network: Network;
  /** Recipe head index of each of the network's heads; `entry` when it is one output of a multi-label head. */
  readonly owners: readonly { readonly head: number; readonly entry?: number }[];
}

/**
 * The networks of one stage. Usually one network with every head on a shared trunk (multi-task
 * when there are several); with `separate`, one network per task, the single-task baseline.
 */
export class NetworkSet {
  private constructor(
    readonly recipe: NetworkRecipe,
    readonly parts: readonly Part[],
  ) {}

  /**
   * Builds untrained networks, within the parameter budget; a build that fails (too large, a shape that does
   * not fit) disposes the weights it made.
   */
  static build(r: NetworkRecipe): NetworkSet {
    const before = new Set(Object.keys(tf.engine().registeredVariables));
    try {
      return NetworkSet.buildParts(r, new ParameterBudget(r.prefix, r.pointer));
    } catch (err) {
      for (const [name, v] of Object.entries(tf.engine().registeredVariables)) if (!before.has(name)) v.dispose();
      throw err;
    }
  }

  private static buildParts(r: NetworkRecipe, budget: ParameterBudget): NetworkSet {
    if (!r.separate) {
      const layers = layerFactory(r.seed, r.prefix, budget);
      const network = buildNetwork(r.inputType, (x) => r.body(x, layers), r.heads, layers, r.shape);
      return new NetworkSet(r, [{ network, owners: r.heads.map((_, head) => ({ head })) }]);
    }
    const parts: Part[] = [];
    r.heads.forEach((h, head) => {
      const names = r.outputs[head];
      const entries: (number | undefined)[] = names ? names.map((_, e) => e) : [undefined];
      for (const entry of entries) {
        const layers = layerFactory(r.seed + 7919 * parts.length, r.prefix, budget);
        const own = entry === undefined ? h : new EntryHead(h, entry, names![entry]);
        parts.push({
          network: buildNetwork(r.inputType, (x) => r.body(x, layers), [own], layers, r.shape),
          owners: [{ head, ...(entry !== undefined ? { entry } : {}) }],
        });
      }
    });
    return new NetworkSet(r, parts);
  }

  /** Every network, for transfer and freezing. */
  networks(): Network[] {
    return this.parts.map((p) => p.network);
  }

  /** Trains every part; labels are given per recipe head. */
  async fit(
    train: { inputs: readonly Item[]; labels: readonly (readonly LabelValue[])[] },
    validation: { inputs: readonly Item[]; labels: readonly (readonly LabelValue[])[] } | undefined,
    o: Omit<FitOptions, 'lossWeights' | 'checkpoint'> & { checkpointDir?: string },
  ): Promise<void> {
    for (const [i, part] of this.parts.entries()) {
      const pick = (labels: readonly (readonly LabelValue[])[]) =>
        part.owners.map((w) =>
          w.entry === undefined ? labels[w.head]! : labels[w.head]!.map((l) => entryLabel(l, w.entry!)),
        );
      await part.network.fit(
        { inputs: train.inputs, labels: pick(train.labels) },
        validation ? { inputs: validation.inputs, labels: pick(validation.labels) } : undefined,
        {
          ...o,
          lossWeights: part.owners.map((w) => this.recipe.weights[w.head] ?? 1),
          ...(o.checkpointDir ? { checkpoint: new TrainingCheckpoint(path.join(o.checkpointDir, `part-${i}`)) } : {}),
        },
      );
    }
  }

  /** Decoded outputs per recipe head: result[head][example]. */
  predict(inputs: readonly Item[], batchSize: number): Item[][] {
    const whole: (Item[] | undefined)[] = this.recipe.heads.map(() => undefined);
    const entries = new Map<number, Item[][]>();
    for (const part of this.parts) {
      const out = part.network.predict(inputs, batchSize);
      part.owners.forEach((w, k) => {
        if (w.entry === undefined) whole[w.head] = out[k]!;
        else {
          const list = entries.get(w.head) ?? [];
          list[w.entry] = out[k]!;
          entries.set(w.head, list);
        }
      });
    }
    return this.recipe.heads.map((_, h) => whole[h] ?? mergeEntries(entries.get(h)!));
  }

  /** Metrics of every head on labelled examples (main head unprefixed, others as `label.metric`). */
  evaluate(inputs: readonly Item[], labels: readonly (readonly LabelValue[])[], batchSize: number): Metrics {
    const out = this.predict(inputs, batchSize);
    const m: Metrics = {};
    this.recipe.heads.forEach((h, k) => {
      for (const [name, v] of Object.entries(h.metrics(out[k]!, labels[k]!)))
        m[k === 0 ? name : `${h.label}.${name}`] = v;
    });
    return m;
  }

  async save(dir: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    if (this.parts.length === 1) return this.parts[0]!.network.save(dir);
    for (const [i, p] of this.parts.entries()) await p.network.save(path.join(dir, `net-${i}`));
    writeJsonAtomic(path.join(dir, 'networks.json'), { parts: this.parts.map((p) => p.owners) });
  }

  /** Loads what save wrote, with the recipe's heads. */
  static async load(dir: string, r: NetworkRecipe): Promise<NetworkSet> {
    let owners: Part['owners'][];
    try {
      owners = (JSON.parse(readFileSync(path.join(dir, 'networks.json'), 'utf8')) as { parts: Part['owners'][] }).parts;
    } catch {
      const network = await Network.load(dir, r.heads, r.shape.outputLength);
      return new NetworkSet(r, [{ network, owners: r.heads.map((_, head) => ({ head })) }]);
    }
    const parts: Part[] = [];
    for (const [i, o] of owners.entries()) {
      const heads = o.map((w) =>
        w.entry === undefined
          ? r.heads[w.head]!
          : new EntryHead(r.heads[w.head]!, w.entry, r.outputs[w.head]?.[w.entry]),
      );
      parts.push({ network: await Network.load(path.join(dir, `net-${i}`), heads, r.shape.outputLength), owners: o });
    }
    return new NetworkSet(r, parts);
  }

  dispose(): void {
    for (const p of this.parts) p.network.dispose();
  }
}

/** The label of one output of a multi-label label. */
function entryLabel(l: LabelValue, entry: number): LabelValue {
  if (!Array.isArray(l)) return null;
  const v = (l as (number | null)[])[entry];
  return v === null || v === undefined ? [null] : [v];
}
