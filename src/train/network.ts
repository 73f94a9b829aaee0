import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { epochBatches, inOrderBatches, padSequences, stackItems } from './batching.js';
import { fileLoadHandler, fileSaveHandler } from '../io/model-files.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import type { ResolvedTraining } from '../spec/resolved-training.js';
import type { Item, LabelValue, Metrics } from '../core/item.js';
import type { StageReporter } from './reporter.js';
import { Random } from '../util/random.js';
import type { Head } from './head.js';
import { higherIsBetter } from '../core/metric-direction.js';
import { makeOptimizer } from './optimizer.js';
import type { TrainingCheckpoint } from './checkpoint.js';
import { weightsInLayerOrder } from './weights-in-layer-order.js';
import './layers/seeded-dropout.js';

/** Examples for a network: inputs and, per head, labels (null where an example lacks that label). */
export interface NetworkData {
  readonly inputs: readonly Item[];
  readonly labels: readonly (readonly LabelValue[])[];
}

export interface NetworkShape {
  /** Inputs are sequences [T, D] padded per batch (else fixed-shape items stacked). */
  readonly sequenceInput: boolean;
  /** Pad sequence batches to a multiple of this (the product of time strides). */
  readonly lengthMultiple: number;
  /** Output time steps for an input of n steps (strides, pooling). */
  readonly outputLength: (n: number) => number;
}

export interface FitOptions {
  readonly training: ResolvedTraining;
  readonly reporter: StageReporter;
  readonly signal?: AbortSignal;
  /** Overrides training.optimizer.learningRate (e.g. fine-tuning). */
  readonly learningRate?: number;
  /** Loss weight per head (default 1 each). */
  readonly lossWeights?: readonly number[];
  /** Called before each epoch (gradual unfreezing schedules). */
  readonly beforeEpoch?: (epoch: number) => void;
  /** Save the loop after epochs (at most every `checkpointSeconds`) and continue from there when restarted. */
  readonly checkpoint?: TrainingCheckpoint;
  readonly checkpointSeconds?: number;
}

export interface FitSummary {
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
  readonly history: readonly { readonly loss: number; readonly metrics: Metrics }[];
}

/**
 * A tf.LayersModel with one output per head, and the loop that trains it: seeded batch order,
 * padded sequence batches, masked multi-head losses, gradient clipping, early stopping on a
 * validation split with the best weights restored, and tensor hygiene throughout.
 */
export class Network {
  constructor(
    readonly model: tf.LayersModel,
    readonly heads: readonly Head[],
    readonly shape: NetworkShape,
  ) {
    if (model.outputs.length !== heads.length)
      throw new Error(`model has ${model.outputs.length} outputs for ${heads.length} heads`);
  }

  /** Trains on `train`, watching `validation` when given. */
  async fit(train: NetworkData, validation: NetworkData | undefined, o: FitOptions): Promise<FitSummary> {
    const t = o.training;
    const rng = new Random(t.seed);
    const optimizer = makeOptimizer(t.optimizer, o.learningRate);
    const es = t.earlyStopping;
    const monitor = es ? es.monitor : 'loss';
    const signOf = (m: string) => (higherIsBetter(m) ? 1 : -1);
    let best = -Infinity;
    let bestEpoch = 0;
    let bestWeights: tf.Tensor[] | undefined;
    let stale = 0;
    const history: { loss: number; metrics: Metrics }[] = [];
    const lengthOf = this.shape.sequenceInput ? (i: number) => train.inputs[i]!.shape[0]! : undefined;
    const indices = train.inputs.map((_, i) => i);
    const started = Date.now();
    let first = 1;
    const trained = new TrainedVariables(this.model, o.beforeEpoch);
    const resumed = o.checkpoint ? await o.checkpoint.restore(this.model, optimizer) : undefined;
    if (resumed) {
      const st = resumed.state;
      first = st.epoch + 1;
      best = st.best;
      bestEpoch = st.bestEpoch;
      stale = st.stale;
      history.push(...st.history);
      rng.setState(st.rng);
      bestWeights = resumed.bestWeights;
      for (let e = 1; e < first; e++) trained.startEpoch(e); // replay the unfreezing schedule
      o.reporter.log('info', `resumed training at epoch ${first} from a checkpoint`);
    }
    let savedAt = Date.now();
    let monitorMissingSaid = false;
    try {
      for (let epoch = first; epoch <= t.epochs; epoch++) {
        const vars = trained.startEpoch(epoch);
        const batches = epochBatches(indices, t.batchSize, rng, lengthOf);
        let lossSum = 0;
        let count = 0;
        for (let b = 0; b < batches.length; b++) {
          if (o.signal?.aborted) throw o.signal.reason ?? new Error('aborted');
          const ids = batches[b]!;
          const loss = this.step(
            ids.map((i) => train.inputs[i]!),
            this.heads.map((_, h) => ids.map((i) => train.labels[h]![i]!)),
            optimizer,
            vars,
            o.lossWeights,
            t.optimizer.clipNorm,
          );
          lossSum += loss * ids.length;
          count += ids.length;
          o.reporter.batch({ epoch, batch: b + 1, batches: batches.length, loss });
          await new Promise((r) => setImmediate(r));
        }
        const trainLoss = lossSum / Math.max(1, count);
        const metrics =
          validation && validation.inputs.length
            ? this.evaluate(validation, t.batchSize, o.lossWeights)
            : { loss: trainLoss };
        const watched = Object.hasOwn(metrics, monitor); // own metrics only: not `constructor`
        if (!watched && !monitorMissingSaid) {
          monitorMissingSaid = true;
          o.reporter.log(
            'warn',
            `early stopping watches \`${monitor}\`, which this stage does not report ` +
              `(it reports ${Object.keys(metrics).join(', ')}): it watches the validation loss instead`,
          );
        }
        const value = (watched ? metrics[monitor] : undefined) ?? metrics.loss ?? trainLoss;
        const sign = signOf(watched ? monitor : 'loss');
        const improved = sign * value > best + (es ? es.minDelta : 0);
        if (improved) {
          best = sign * value;
          bestEpoch = epoch;
          stale = 0;
          if (es && es.restoreBest) {
            bestWeights?.forEach((w) => w.dispose());
            bestWeights = weightsInLayerOrder(this.model).map((w) => w.read().clone());
          }
        } else stale++;
        history.push({ loss: trainLoss, metrics });
        o.reporter.epoch({ epoch, epochs: t.epochs, loss: trainLoss, metrics, best: improved });
        if (!Number.isFinite(trainLoss))
          throw new Error(
            `training diverged at epoch ${epoch} (loss ${trainLoss}); ` +
              `lower the learning rate or set optimizer.clipNorm`,
          );
        if (
          o.checkpoint &&
          epoch < t.epochs &&
          Date.now() - savedAt >= (o.checkpointSeconds ?? checkpointEvery()) * 1000
        ) {
          await o.checkpoint.save(this.model, optimizer, bestWeights, {
            epoch,
            best,
            bestEpoch,
            stale,
            history,
            rng: rng.getState(),
          });
          savedAt = Date.now();
        }
        if (es && stale >= es.patience) {
          o.reporter.log(
            'info',
            `early stopping after epoch ${epoch}: ` +
              `${monitor} has not improved for ${es.patience} epochs (best at epoch ${bestEpoch})`,
          );
          break;
        }
      }
      if (bestWeights) weightsInLayerOrder(this.model).forEach((w, i) => w.write(bestWeights![i]!));
      o.checkpoint?.clear();
      const seconds = (Date.now() - started) / 1000;
      o.reporter.log(
        'info',
        `trained ${history.length} epochs on ${train.inputs.length} examples in ${seconds.toFixed(1)} s ` +
          `(${((history.length * train.inputs.length) / seconds).toFixed(0)} examples/s, validation included)`,
      );
      return { epochs: history.length, bestEpoch, stoppedEarly: history.length < t.epochs, history };
    } finally {
      bestWeights?.forEach((w) => w.dispose());
      optimizer.dispose();
    }
  }

  private step(
    inputs: Item[],
    labels: LabelValue[][],
    optimizer: tf.Optimizer,
    vars: tf.Variable[],
    weights: readonly number[] | undefined,
    clipNorm: number | undefined,
  ): number {
    return tf.tidy(() => {
      const { x, outLengths } = this.batchTensor(inputs);
      const { value, grads } = tf.variableGrads(() => {
        const outs = this.outputs(x, true);
        let total: tf.Scalar = tf.scalar(0);
        this.heads.forEach((h, k) => {
          const l = h.loss(outs[k]!, labels[k]!, outLengths);
          total = total.add(weights ? l.mul(weights[k] ?? 1) : l);
        });
        return total;
      }, vars);
      let g = grads;
      if (clipNorm !== undefined) g = clipByGlobalNorm(grads, clipNorm);
      optimizer.applyGradients(g);
      return value.dataSync()[0]!;
    });
  }

  /** Runs the model; returns one raw output per head. */
  outputs(x: tf.Tensor, training: boolean): tf.Tensor[] {
    const out = this.model.apply(x, { training }) as tf.Tensor | tf.Tensor[];
    return Array.isArray(out) ? out : [out];
  }

  private batchTensor(inputs: readonly Item[]): { x: tf.Tensor; outLengths: number[] } {
    if (this.shape.sequenceInput) {
      const p = padSequences(inputs, this.shape.lengthMultiple);
      return { x: tf.tensor3d(p.data, [...p.shape]), outLengths: p.lengths.map((n) => this.shape.outputLength(n)) };
    }
    const s = stackItems(inputs);
    return { x: tf.tensor(s.data, s.shape), outLengths: inputs.map(() => 1) };
  }

  /** Decoded outputs of every head for each input: result[head][example]. */
  predict(inputs: readonly Item[], batchSize = 64): Item[][] {
    const out: Item[][] = this.heads.map(() => []);
    for (const ids of this.samePaddingBatches(inputs, batchSize)) {
      tf.tidy(() => {
        const { x, outLengths } = this.batchTensor(ids.map((i) => inputs[i]!));
        const outs = this.outputs(x, false);
        this.heads.forEach((h, k) => {
          const items = h.decode(outs[k]!, outLengths);
          ids.forEach((i, j) => (out[k]![i] = items[j]!));
        });
      });
    }
    return out;
  }

  /** Validation metrics: each head's metrics (prefixed by its label when there are several) and the weighted loss. */
  evaluate(data: NetworkData, batchSize = 64, weights?: readonly number[]): Metrics {
    let lossSum = 0;
    const decoded: Item[][] = this.heads.map(() => []);
    for (const ids of this.predictionBatches(data.inputs, batchSize)) {
      lossSum += tf.tidy(() => {
        const { x, outLengths } = this.batchTensor(ids.map((i) => data.inputs[i]!));
        const outs = this.outputs(x, false);
        let total = 0;
        this.heads.forEach((h, k) => {
          const labels = ids.map((i) => data.labels[k]![i]!);
          total += h.loss(outs[k]!, labels, outLengths).dataSync()[0]! * (weights?.[k] ?? 1);
          const items = h.decode(outs[k]!, outLengths);
          ids.forEach((i, j) => (decoded[k]![i] = items[j]!));
        });
        return total * ids.length;
      });
    }
    const metrics: Metrics = { loss: lossSum / Math.max(1, data.inputs.length) };
    this.heads.forEach((h, k) => {
      const m = h.metrics(decoded[k]!, data.labels[k]!);
      for (const [name, v] of Object.entries(m)) {
        if (name === 'loss' || name === 'n') continue;
        metrics[this.heads.length > 1 ? `${h.label}.${name}` : name] = v;
      }
    });
    return metrics;
  }

  /** Batches in an order that groups similar lengths (less padding), covering every input once. */
  private predictionBatches(inputs: readonly Item[], batchSize: number): number[][] {
    if (!this.shape.sequenceInput) return inOrderBatches(inputs.length, batchSize);
    const order = inputs.map((_, i) => i).sort((a, b) => inputs[a]!.shape[0]! - inputs[b]!.shape[0]!);
    return inOrderBatches(order.length, batchSize).map((b) => b.map((k) => order[k]!));
  }

  /**
   * Batches of sequences that pad to the same length, so that each example's outputs are exactly those it
   * gets alone (padding changes the outputs near an utterance's end: convolutions see the padding once a
   * layer's bias has made it non-zero, and a backward recurrence reads it first). The exported runtime,
   * which sees one utterance at a time, then gives exactly the predictions of `concertina eval`.
   */
  private samePaddingBatches(inputs: readonly Item[], batchSize: number): number[][] {
    if (!this.shape.sequenceInput) return inOrderBatches(inputs.length, batchSize);
    const m = this.shape.lengthMultiple;
    const padded = (i: number) => Math.max(1, Math.ceil(Math.max(1, inputs[i]!.shape[0]!) / m) * m);
    const order = inputs.map((_, i) => i).sort((a, b) => padded(a) - padded(b) || a - b);
    const batches: number[][] = [];
    for (const i of order) {
      const last = batches[batches.length - 1];
      if (last && last.length < batchSize && padded(last[0]!) === padded(i)) last.push(i);
      else batches.push([i]);
    }
    return batches;
  }

  /** Writes model.json + weights.bin and network.json (shape) into `dir`. */
  async save(dir: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    await this.model.save(fileSaveHandler(dir));
    writeJsonAtomic(path.join(dir, 'network.json'), {
      sequenceInput: this.shape.sequenceInput,
      lengthMultiple: this.shape.lengthMultiple,
    });
  }

  /** Loads a saved model; heads and the length function come from the stage that owns it. */
  static async load(dir: string, heads: readonly Head[], outputLength: (n: number) => number): Promise<Network> {
    const model = await tf.loadLayersModel(fileLoadHandler(dir));
    const meta = JSON.parse(readFileSync(path.join(dir, 'network.json'), 'utf8')) as {
      sequenceInput: boolean;
      lengthMultiple: number;
    };
    return new Network(model, heads, { ...meta, outputLength });
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** Scales gradients so their global L2 norm is at most `maxNorm`. */
function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const norm = tf.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]!)))));
    const scale = tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), tf.maximum(norm, tf.scalar(1e-12))));
    const out: tf.NamedTensorMap = {};
    for (const n of names) out[n] = tf.mul(grads[n]!, scale);
    return out;
  });
}

/**
 * The variables a training loop updates, in a fixed order. tfjs optimizers keep their slots (Adam's
 * moments, RMSprop's averages) by position in the gradient list, so a layer unfrozen mid-training must
 * join at the end: inserted in model order, it would shift every later slot onto a variable of another
 * shape.
 */
class TrainedVariables {
  private readonly order: tf.LayerVariable[];

  constructor(
    private readonly model: tf.LayersModel,
    private readonly beforeEpoch: ((epoch: number) => void) | undefined,
  ) {
    this.order = [...model.trainableWeights];
  }

  /**
   * Runs the epoch's step of the unfreezing schedule, appends weights it made trainable, and returns
   * the trainable ones in first-seen order.
   */
  startEpoch(epoch: number): tf.Variable[] {
    this.beforeEpoch?.(epoch);
    const now = new Set(this.model.trainableWeights);
    for (const w of now) if (!this.order.includes(w)) this.order.push(w);
    return this.order.filter((w) => now.has(w)).map((w) => w.read() as tf.Variable);
  }
}

/** Seconds between epoch checkpoints when the caller does not say: $CONCERTINA_CHECKPOINT_SECONDS, else 20. */
function checkpointEvery(): number {
  const v = Number(process.env.CONCERTINA_CHECKPOINT_SECONDS);
  return process.env.CONCERTINA_CHECKPOINT_SECONDS !== undefined && Number.isFinite(v) && v >= 0 ? v : 20;
}
