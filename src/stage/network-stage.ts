import * as tf from '@tensorflow/tfjs';
import { featureDim } from '../compile/port-type.js';
import { StageError } from '../errors/pipeline-error.js';
import type { Head } from '../train/head.js';
import { headFor } from '../train/heads/head-for.js';
import { NetworkSet, type NetworkRecipe } from '../train/network-set.js';
import { fileLoadHandler } from '../io/model-files.js';
import { transferWeights } from '../transforms/transfer-weights.js';
import type { Item, LabelValue, Metrics } from './item.js';
import type { FitData, LayerFactory, NetworkMember, Stage } from './stage.js';
import type { StageContext } from './stage-context.js';

/**
 * Base of trainable stages that are networks. A subclass only says how its layers are built
 * (`body`); training, prediction, saving, its part in the end-to-end network, multi-task heads and
 * transfer from a trained stage come from here.
 */
export abstract class NetworkStage<P = Record<string, unknown>> implements Stage, NetworkMember {
  protected networks: NetworkSet | undefined;

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
    return tf.layers
      .dense({ units, kernelInitializer: layers.initializer(), name: layers.name('bottleneck') })
      .apply(hidden) as tf.SymbolicTensor;
  }

  /** Main head, then the multi-task transform's heads. */
  private recipe(): NetworkRecipe {
    const mt = this.ctx.multitask;
    const aux = (mt?.heads ?? []).map((l) =>
      headFor(
        l,
        l.kind === 'sequence' ? { decodeAs: 'posteriors', errorMetric: l.name === 'phonemes' ? 'per' : 'ter' } : {},
        this.ctx.stageId,
      ),
    );
    const labels = [this.ctx.supervision, ...(mt?.heads ?? [])];
    return {
      inputType: this.ctx.inputTypes[0]!,
      body: (x, layers) => this.body(x, layers),
      heads: [this.head(), ...aux],
      weights: [mt?.config.weight ?? 1, ...(mt?.config.heads ?? []).map((h) => h.weight ?? 1)],
      seed: this.ctx.seed,
      prefix: this.ctx.stageId,
      shape: { lengthMultiple: this.lengthMultiple(), outputLength: (n) => this.outputLength(n) },
      separate: mt?.config.separate ?? false,
      outputs: labels.map((l) => (l?.kind === 'multi-label' ? l.names : undefined)),
    };
  }

  /** Builds the untrained networks (also so that `plan` can show the layers). */
  build(): NetworkSet {
    this.networks ??= NetworkSet.build(this.recipe());
    return this.networks;
  }

  async fit(data: FitData): Promise<void> {
    this.dispose();
    const set = this.build();
    const t = this.ctx.transfer;
    let beforeEpoch: ((epoch: number) => void) | undefined;
    if (t) {
      const source = await tf.loadLayersModel(fileLoadHandler(t.modelDir));
      try {
        const hooks = set.networks().map(
          (n) =>
            transferWeights(n.model, source, t.config, this.ctx.report, {
              target: `stage \`${this.ctx.stageId}\``,
              source: t.source,
            }).beforeEpoch,
        );
        beforeEpoch = hooks[0] ? (e) => hooks.forEach((h) => h?.(e)) : undefined;
      } finally {
        source.dispose();
      }
    }
    const aux = (this.ctx.multitask?.heads ?? []).map((h) => h.name);
    const labels = (s: NonNullable<FitData['validation']>) => [
      s.labels,
      ...aux.map((a) => s.aux?.[a] ?? s.labels.map(() => null)),
    ];
    await set.fit(
      { inputs: data.train.inputs[0]!, labels: labels(data.train) },
      data.validation ? { inputs: data.validation.inputs[0]!, labels: labels(data.validation) } : undefined,
      {
        training: { ...this.ctx.training, seed: this.ctx.seed },
        reporter: this.ctx.report,
        signal: this.ctx.signal,
        ...(this.ctx.checkpointDir ? { checkpointDir: this.ctx.checkpointDir } : {}),
        ...(t?.config.learningRate !== undefined ? { learningRate: t.config.learningRate } : {}),
        ...(beforeEpoch ? { beforeEpoch } : {}),
      },
    );
  }

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    return this.trained().predict(inputs[0]!, this.ctx.training.batchSize)[0]!;
  }

  evaluate(outputs: readonly Item[], labels: readonly LabelValue[]): Metrics {
    return this.head().metrics(outputs, labels);
  }

  evaluateAux(inputs: readonly (readonly Item[])[], aux: Readonly<Record<string, readonly LabelValue[]>>): Metrics {
    const heads = this.ctx.multitask?.heads ?? [];
    if (!heads.length) return {};
    const all = this.trained().evaluate(
      inputs[0]!,
      [inputs[0]!.map(() => null), ...heads.map((h) => aux[h.name] ?? [])],
      this.ctx.training.batchSize,
    );
    return Object.fromEntries(Object.entries(all).filter(([k]) => k.includes('.') && !k.endsWith('.n')));
  }

  async save(dir: string): Promise<void> {
    await this.trained().save(dir);
  }

  async load(dir: string): Promise<void> {
    this.dispose();
    this.networks = await NetworkSet.load(dir, this.recipe());
  }

  dispose(): void {
    this.networks?.dispose();
    this.networks = undefined;
  }

  protected trained(): NetworkSet {
    if (!this.networks)
      throw new StageError(`stage \`${this.ctx.stageId}\` is used before it was trained or loaded`, {
        location: { stageId: this.ctx.stageId },
      });
    return this.networks;
  }
}
