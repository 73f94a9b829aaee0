import type * as tf from '@tensorflow/tfjs';
import { featureDim } from '../compile/port-type.js';
import { StageError } from '../errors/pipeline-error.js';
import { buildNetwork } from '../train/build-network.js';
import type { Head } from '../train/head.js';
import { headFor } from '../train/heads/head-for.js';
import { layerFactory } from '../train/layer-factory.js';
import { Network } from '../train/network.js';
import * as tfl from '@tensorflow/tfjs';
import type { Item, LabelValue, Metrics } from './item.js';
import type { FitData, LayerFactory, NetworkMember, Stage } from './stage.js';
import type { StageContext } from './stage-context.js';

/**
 * Base of trainable stages that are networks. A subclass only says how its layers are built
 * (`body`); training, prediction, saving and its part in the end-to-end network come from here.
 */
export abstract class NetworkStage<P = Record<string, unknown>> implements Stage, NetworkMember {
  protected network: Network | undefined;

  constructor(protected readonly ctx: StageContext<P>) {}

  /** The stage's hidden layers on top of `input` (no output layer: heads add theirs). */
  protected abstract body(input: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor;

  /** Output time steps for an input of n steps. */
  outputLength(n: number): number {
    return n;
  }

  /** Pad sequence batches to a multiple of this. */
  lengthMultiple(): number {
    return 1;
  }

  /** Options given to the head (e.g. CTC blank policy). */
  protected headOptions(): Record<string, unknown> {
    return {};
  }

  /** The head that trains this stage on its supervision. */
  head(): Head {
    return headFor(this.ctx.supervision, this.headOptions(), this.ctx.stageId);
  }

  buildLayers(input: tf.SymbolicTensor, role: 'member' | 'last', layers: LayerFactory): tf.SymbolicTensor {
    const hidden = this.body(input, layers);
    if (role === 'last') return hidden;
    // As a member of the end-to-end network, the stage keeps its output size as a linear bottleneck.
    const units = featureDim(this.ctx.outputType);
    if (units === undefined) return hidden;
    return tfl.layers.dense({ units, kernelInitializer: layers.initializer(), name: layers.name('bottleneck') }).apply(hidden) as tf.SymbolicTensor;
  }

  async fit(data: FitData): Promise<void> {
    this.network?.dispose();
    const head = this.head();
    const layers = layerFactory(this.ctx.seed, this.ctx.stageId);
    this.network = buildNetwork(this.ctx.inputTypes[0]!, (x) => this.body(x, layers), [head], layers, {
      lengthMultiple: this.lengthMultiple(),
      outputLength: (n) => this.outputLength(n),
    });
    await this.network.fit(
      { inputs: data.train.inputs[0]!, labels: [data.train.labels] },
      data.validation ? { inputs: data.validation.inputs[0]!, labels: [data.validation.labels] } : undefined,
      { training: { ...this.ctx.training, seed: this.ctx.seed }, reporter: this.ctx.report, signal: this.ctx.signal },
    );
  }

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    return this.trained().predict(inputs[0]!, this.ctx.training.batchSize)[0]!;
  }

  evaluate(outputs: readonly Item[], labels: readonly LabelValue[]): Metrics {
    return this.head().metrics(outputs, labels);
  }

  async save(dir: string): Promise<void> {
    await this.trained().save(dir);
  }

  async load(dir: string): Promise<void> {
    this.network?.dispose();
    this.network = await Network.load(dir, [this.head()], (n) => this.outputLength(n));
  }

  dispose(): void {
    this.network?.dispose();
    this.network = undefined;
  }

  protected trained(): Network {
    if (!this.network) throw new StageError(`stage \`${this.ctx.stageId}\` is used before it was trained or loaded`, { location: { stageId: this.ctx.stageId } });
    return this.network;
  }
}
