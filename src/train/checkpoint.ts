import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-write.js';
import type { Metrics } from '../core/item.js';
import { weightsInLayerOrder } from './weights-in-layer-order.js';

/** Where a training loop stands after an epoch: enough to continue exactly as if never stopped. */
export interface TrainingState {
  readonly epoch: number;
  readonly best: number;
  readonly bestEpoch: number;
  readonly stale: number;
  readonly history: readonly { readonly loss: number; readonly metrics: Metrics }[];
  /** Batch-order generator position. */
  readonly rng: number;
  /** Mask generator positions of the model's stochastic layers, by layer name. */
  readonly layerRngs: Readonly<Record<string, number>>;
}

interface Saved {
  readonly state: TrainingState;
  readonly weights: tf.NamedTensorMap;
  readonly optimizer: { name: string; tensor: tf.Tensor }[];
  readonly bestWeights: tf.Tensor[] | undefined;
}

type WeightSpec = tf.io.WeightsManifestEntry;

/** The bytes a weights file of these entries holds (float32, int32 and bool weights). */
function expectedBytes(specs: readonly WeightSpec[]): number {
  const width: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
  return specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * (width[s.dtype] ?? NaN), 0);
}

/** Layers that draw random masks and expose where their generator stands. */
function stochasticLayers(model: tf.LayersModel): (tf.layers.Layer & { rngState: number })[] {
  return model.layers.filter(
    (l): l is tf.layers.Layer & { rngState: number } =>
      typeof (l as unknown as { rngState?: unknown }).rngState === 'number',
  );
}

/**
 * Epoch checkpoints of a training loop: model and optimizer weights, the best weights so far and the
 * loop's state, written to a temporary folder and renamed into place, so that an interrupted stage
 * continues from its last finished epoch with the same result as an uninterrupted one.
 */
export class TrainingCheckpoint {
  constructor(readonly dir: string) {}

  /** Saves after an epoch. */
  async save(
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
    bestWeights: tf.Tensor[] | undefined,
    state: Omit<TrainingState, 'layerRngs'>,
  ): Promise<void> {
    const tmp = `${this.dir}.${randomBytes(4).toString('hex')}.tmp`;
    mkdirSync(tmp, { recursive: true });
    const named = (list: { name: string; tensor: tf.Tensor }[]) => tf.io.encodeWeights(list);
    const weights = await named(weightsInLayerOrder(model).map((w, i) => ({ name: `w${i}`, tensor: w.read() })));
    const opt = await named((await optimizer.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor })));
    const best = bestWeights ? await named(bestWeights.map((t, i) => ({ name: `b${i}`, tensor: t }))) : undefined;
    const layerRngs = Object.fromEntries(stochasticLayers(model).map((l) => [l.name, l.rngState]));
    const parts: [string, { data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] }][] = [
      ['weights', weights],
      ['optimizer', opt],
      ...(best ? [['best', best] as [string, typeof best]] : []),
    ];
    for (const [name, enc] of parts) {
      writeFileAtomic(path.join(tmp, `${name}.bin`), new Uint8Array(enc.data as ArrayBuffer));
      writeJsonAtomic(path.join(tmp, `${name}.json`), enc.specs);
    }
    writeJsonAtomic(path.join(tmp, 'state.json'), { ...state, layerRngs });
    // Never a moment without a whole checkpoint on disk: the old one steps aside, the new one takes its
    // place, then the old one goes (a kill in between leaves `.previous`, which read() falls back to).
    const previous = `${this.dir}.previous`;
    rmSync(previous, { recursive: true, force: true });
    if (existsSync(this.dir)) renameSync(this.dir, previous);
    mkdirSync(path.dirname(this.dir), { recursive: true });
    renameSync(tmp, this.dir);
    rmSync(previous, { recursive: true, force: true });
    this.removeLeftovers();
  }

  /**
   * Removes temporary folders of this checkpoint that a killed writer left (only the lease holder of the
   * step writes here, so any other is dead); they are never read.
   */
  private removeLeftovers(): void {
    const base = path.basename(this.dir);
    for (const name of readdirSync(path.dirname(this.dir)))
      if (name.startsWith(`${base}.`) && name.endsWith('.tmp'))
        rmSync(path.join(path.dirname(this.dir), name), { recursive: true, force: true });
  }

  /** Restores a checkpoint into the model and optimizer; returns the loop state, or undefined when there is none. */
  async restore(
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
  ): Promise<{ state: TrainingState; bestWeights: tf.Tensor[] | undefined } | undefined> {
    const saved = this.read();
    if (!saved) return undefined;
    const variables = weightsInLayerOrder(model);
    const values = variables.map((_, i) => saved.weights[`w${i}`]);
    if (values.some((v, i) => !v || v.shape.join() !== variables[i]!.shape.join())) {
      Object.values(saved.weights).forEach((t) => t.dispose());
      return undefined; // a checkpoint of another architecture: start over
    }
    variables.forEach((w, i) => w.write(values[i]!));
    values.forEach((t) => t!.dispose());
    await optimizer.setWeights(saved.optimizer);
    for (const l of stochasticLayers(model)) {
      const s = saved.state.layerRngs[l.name];
      if (s !== undefined) l.rngState = s;
    }
    return { state: saved.state, bestWeights: saved.bestWeights };
  }

  /** Removes the checkpoint once the stage has finished. */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(`${this.dir}.previous`, { recursive: true, force: true });
  }

  /**
   * The checkpoint, or undefined when there is none or it is incomplete or corrupt (then it is discarded:
   * training starts over); tensors decoded before a failure are disposed.
   */
  private read(): Saved | undefined {
    const decoded: tf.Tensor[] = [];
    const previous = `${this.dir}.previous`;
    if (!existsSync(this.dir) && existsSync(previous)) renameSync(previous, this.dir); // killed mid-save
    try {
      const state = JSON.parse(readFileSync(path.join(this.dir, 'state.json'), 'utf8')) as TrainingState;
      const load = (name: string) => {
        const buf = readFileSync(path.join(this.dir, `${name}.bin`));
        const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
        const specs = JSON.parse(readFileSync(path.join(this.dir, `${name}.json`), 'utf8')) as WeightSpec[];
        // decodeWeights would leak the tensors decoded before it met the end of a truncated file
        if (data.byteLength !== expectedBytes(specs)) throw new Error(`${name}.bin is truncated`);
        const map = tf.io.decodeWeights(data, specs);
        decoded.push(...Object.values(map));
        return map;
      };
      const weights = load('weights');
      const optMap = load('optimizer');
      const optimizer = Object.entries(optMap).map(([name, tensor]) => ({ name, tensor }));
      const bestMap = existsSync(path.join(this.dir, 'best.json')) ? load('best') : undefined;
      const bestWeights = bestMap
        ? Object.keys(bestMap)
            .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
            .map((k) => bestMap[k]!)
        : undefined;
      if (typeof state?.epoch !== 'number') throw new Error('state.json without an epoch');
      return { state, weights, optimizer, bestWeights };
    } catch {
      decoded.forEach((t) => t.dispose());
      if (existsSync(this.dir)) rmSync(this.dir, { recursive: true, force: true });
      return undefined;
    }
  }
}
