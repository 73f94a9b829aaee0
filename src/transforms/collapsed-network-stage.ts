import * as tf from '@tensorflow/tfjs';
import { StageError } from '../errors/pipeline-error.js';
import type { Item, LabelValue, Metrics } from '../stage/item.js';
import type { FitData, NetworkMember, Stage } from '../stage/stage.js';
import type { StageContext } from '../stage/stage-context.js';
import { buildNetwork } from '../train/build-network.js';
import type { Head } from '../train/head.js';
import { headFor } from '../train/heads/head-for.js';
import { layerFactory } from '../train/layer-factory.js';
import { Network } from '../train/network.js';

/**
 * The one network of end-to-end mode: each member stage adds its layers symbolically, in order; the
 * last member's head (its supervision) trains the whole. A new stage kind takes part by implementing
 * NetworkMember; nothing here knows any kind.
 */
export class CollapsedNetworkStage implements Stage {
  private network: Network | undefined;

  constructor(
    private readonly ctx: StageContext,
    private readonly members: readonly (Stage & NetworkMember)[],
    private readonly memberIds: readonly string[],
  ) {
    members.forEach((m, i) => {
      if (typeof m.buildLayers !== 'function') {
        throw new StageError(`stage \`${memberIds[i]}\` cannot lend layers to the end-to-end network (its kind has no buildLayers)`, { location: { stageId: memberIds[i] } });
      }
    });
  }

  head(): Head {
    const last = this.members[this.members.length - 1]!;
    return last.head ? last.head() : headFor(this.ctx.supervision, {}, this.ctx.stageId);
  }

  outputLength(n: number): number {
    return this.members.reduce((len, m) => m.outputLength(len), n);
  }

  private lengthMultiple(): number {
    // Strides compose: the input length must divide by the product of every member's multiple.
    return this.members.reduce((k, m) => k * (m.lengthMultiple?.() ?? 1), 1);
  }

  async fit(data: FitData): Promise<void> {
    this.dispose();
    this.build();
    await this.trained().fit(
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

  /** The Keras-style layer summary of the built network (for `concertina plan`). */
  summary(): string {
    const lines: string[] = [];
    this.trained().model.summary(100, undefined, (l: string) => lines.push(l));
    return lines.join('\n');
  }

  /** Builds the untrained network (also so that `plan` can show its layers). */
  build(): void {
    if (this.network) return;
    const layers = layerFactory(this.ctx.seed, this.ctx.stageId);
    const body = (x: tf.SymbolicTensor) => this.members.reduce((h, m, i) => m.buildLayers(h, i === this.members.length - 1 ? 'last' : 'member', layers), x);
    this.network = buildNetwork(this.ctx.inputTypes[0]!, body, [this.head()], layers, { lengthMultiple: this.lengthMultiple(), outputLength: (n) => this.outputLength(n) });
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

  private trained(): Network {
    if (!this.network) throw new StageError('the end-to-end network is used before it was trained or loaded', { location: { stageId: this.ctx.stageId } });
    return this.network;
  }
}
