import type * as tf from '@tensorflow/tfjs';
import type { InferenceHead, InferenceOp } from '../core/inference.js';
import type { Item, LabelValue, Metrics } from '../core/item.js';
import { featureDim } from '../core/port-type.js';
import { StageError } from '../errors/pipeline-error.js';
import { bottleneck } from '../train/bottleneck.js';
import type { Head } from '../train/head.js';
import type { CtcHeadOptions } from '../train/heads/ctc-head.js';
import { headFor } from '../train/heads/head-for.js';
import type { LayerFactory } from '../train/layer-factory.js';
import { NetworkSet, type NetworkRecipe } from '../train/network-set.js';
import { startFromTrained } from '../train/transfer-weights.js';
import type { FitData, FitSplit, NetworkMember, Stage } from './stage.js';
import type { StageContext } from './stage-context.js';

/**
 * Base of trainable stages that are networks. A subclass only says how its layers are built
 * (`body`); training, prediction, saving, its part in a collapsed network, extra heads and a start
 * from trained weights come from here, driven by the generic StageContext.
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

  /** Options given to the head (e.g. CTC decoding). */
  protected headOptions(): CtcHeadOptions {
    return {};
  }

  /** The head that trains this stage on its supervision. */
  head(): Head {
    return headFor(this.ctx.supervision, this.headOptions(), this.ctx.stageId);
  }

  buildLayers(input: tf.SymbolicTensor, role: 'member' | 'last', layers: LayerFactory): tf.SymbolicTensor {
    const hidden = this.body(input, layers);
    // Inside a collapsed network the stage keeps its output size as a linear bottleneck.
    const units = featureDim(this.ctx.outputType);
    return role === 'last' || units === undefined ? hidden : bottleneck(hidden, units, layers);
  }

  /** The main head, then the extra heads of the context (multi-task). */
  private recipe(): NetworkRecipe {
    const { heads } = this.ctx;
    const extra = heads.extra.map((h) =>
      headFor(h.label, h.label.kind === 'sequence' ? { decodeAs: 'posteriors' } : {}),
    );
    const labels = [this.ctx.supervision, ...heads.extra.map((h) => h.label)];
    return {
      inputType: this.ctx.inputTypes[0]!,
      body: (x, layers) => this.body(x, layers),
      heads: [this.head(), ...extra],
      weights: [heads.weight, ...heads.extra.map((h) => h.weight)],
      seed: this.ctx.seed,
      prefix: this.ctx.stageId,
      ...(this.ctx.pointer !== undefined ? { pointer: this.ctx.pointer } : {}),
      shape: { lengthMultiple: this.lengthMultiple(), outputLength: (n) => this.outputLength(n) },
      separate: heads.separate,
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
    const init = this.ctx.init;
    const beforeEpoch = init
      ? await startFromTrained(
          set.networks().map((n) => n.model),
          init,
          this.ctx.report,
          `stage \`${this.ctx.stageId}\``,
        )
      : undefined;
    const labels = (s: FitSplit) => [
      s.labels,
      ...this.ctx.heads.extra.map((h) => s.aux?.[h.label.name] ?? s.labels.map(() => null)),
    ];
    await set.fit(
      { inputs: data.train.inputs[0]!, labels: labels(data.train) },
      data.validation ? { inputs: data.validation.inputs[0]!, labels: labels(data.validation) } : undefined,
      {
        training: { ...this.ctx.training, seed: this.ctx.seed },
        reporter: this.ctx.report,
        signal: this.ctx.signal,
        ...(this.ctx.checkpointDir ? { checkpointDir: this.ctx.checkpointDir } : {}),
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
    const extra = this.ctx.heads.extra;
    if (!extra.length) return {};
    const labels = [inputs[0]!.map(() => null), ...extra.map((h) => aux[h.label.name] ?? [])];
    const all = this.trained().evaluate(inputs[0]!, labels, this.ctx.training.batchSize);
    return Object.fromEntries(Object.entries(all).filter(([k]) => k.includes('.') && !k.endsWith('.n')));
  }

  /**
   * The saved network and how its heads decode; separate networks per head (as NetworkSet saves them, in
   * `net-<i>/`) are parts, each with the heads it owns.
   */
  inference(): InferenceOp {
    const set = this.trained();
    const where = { location: { stageId: this.ctx.stageId } };
    const heads: InferenceHead[] = set.recipe.heads.map((h) => {
      if (!h.describe)
        throw new StageError(`stage \`${this.ctx.stageId}\`: its head \`${h.label}\` has no inference path`, where);
      return h.describe();
    });
    // Every part is built from the same recipe: one input, one length rule.
    const shape = set.parts[0]!.network.shape;
    const multiple = shape.lengthMultiple;
    // The runtime knows output lengths as ceil(n / k); a stage whose lengths follow another rule cannot be exported.
    for (let n = 1; n <= 4096; n++)
      if (shape.sequenceInput && shape.outputLength(n) !== Math.ceil(n / multiple))
        throw new StageError(
          `stage \`${this.ctx.stageId}\`: ${n} input steps give ${shape.outputLength(n)} output steps, ` +
            `not ceil(${n} / ${multiple}); the runtime cannot run it`,
          where,
        );
    const common = { op: 'network' as const, heads, sequenceInput: shape.sequenceInput, lengthMultiple: multiple };
    if (set.parts.length === 1) return { ...common, outputDivisor: multiple, model: 'model.json' };
    const parts = set.parts.map((p, i) => ({
      model: `net-${i}/model.json`,
      owners: p.owners.map((w) => ({ head: w.head, ...(w.entry !== undefined ? { entry: w.entry } : {}) })),
    }));
    return { ...common, outputDivisor: multiple, parts };
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
    if (!this.networks) {
      throw new StageError(`stage \`${this.ctx.stageId}\` is used before it was trained or loaded`, {
        location: { stageId: this.ctx.stageId },
      });
    }
    return this.networks;
  }
}
