import * as tf from '@tensorflow/tfjs';
import { inject, injectable } from 'inversify';
import type { PhonemeModelParams } from '../src/spec/generated/stages/phoneme-model.params.js';
import { NetworkStage } from '../src/stage/network-stage.js';
import type { LayerFactory } from '../src/stage/stage.js';
import type { StageContext } from '../src/stage/stage-context.js';
import type { StageDescriptor } from '../src/stage/stage-descriptor.js';
import { STAGE_CONTEXT } from '../src/stage/tokens.js';
import { seededDropout } from '../src/train/layers/seeded-dropout.js';
import { SpecAugment } from '../src/train/layers/spec-augment.js';
import { loadSchema } from '../src/util/package-root.js';

/** Trainable acoustic model: frames -> per-frame phoneme log-posteriors, trained with CTC on phonemes. */
@injectable()
export class PhonemeModelStage extends NetworkStage<PhonemeModelParams> {
  static readonly descriptor: StageDescriptor<PhonemeModelParams> = {
    kind: 'phoneme-model',
    description: 'Conv1d or GRU encoder from feature frames to phoneme posteriors (phones + blank), trained with CTC.',
    version: 2,
    paramsSchema: loadSchema('stages/phoneme-model.params.schema.json'),
    inputs: () => [{ name: 'frames', kinds: ['frames', 'posteriors'] }],
    output: (_p, _i, ctx) => ({
      kind: 'posteriors',
      dims: [ctx.supervision?.size !== undefined ? ctx.supervision.size + 1 : (ctx.phoneAlphabetSize ?? 'phones')],
    }),
    fit: 'supervised',
    labelKinds: ['sequence'],
    endToEnd: 'layers',
  };

  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<PhonemeModelParams>) {
    super(ctx);
  }

  protected override headOptions(): Record<string, unknown> {
    return { decodeAs: 'posteriors', errorMetric: 'per', tooShort: this.ctx.params.tooShort ?? 'zero' };
  }

  override outputLength(n: number): number {
    return Math.ceil(n / (this.ctx.params.downsample ?? 2));
  }

  override lengthMultiple(): number {
    return this.ctx.params.downsample ?? 2;
  }

  protected body(input: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
    const p = this.ctx.params;
    const n = p.layers ?? 3;
    const units = p.units ?? 128;
    const down = p.downsample ?? 2;
    const dropout = p.dropout ?? 0.1;
    const encoder = p.encoder ?? 'conv1d';
    let x = input;
    const sa = p.specAugment;
    if (sa) {
      x = new SpecAugment({
        freqMasks: sa.freqMasks ?? 2,
        freqWidth: sa.freqWidth ?? 6,
        timeMasks: sa.timeMasks ?? 2,
        timeWidth: sa.timeWidth ?? 6,
        seed: layers.seed(),
        name: layers.name('spec_augment'),
      }).apply(x) as tf.SymbolicTensor;
    }
    const drop = () => {
      if (dropout > 0) x = seededDropout(dropout, layers.seed(), layers.name('dropout')).apply(x) as tf.SymbolicTensor;
    };
    const conv = (i: number, strides: number) => {
      x = tf.layers
        .conv1d({
          filters: units,
          kernelSize: p.kernelSize ?? 5,
          padding: 'same',
          strides,
          dilationRate: p.dilation && strides === 1 ? 2 ** i : 1,
          activation: 'relu',
          kernelInitializer: layers.initializer('heNormal'),
          name: layers.name('conv'),
        })
        .apply(x) as tf.SymbolicTensor;
      x = tf.layers.batchNormalization({ momentum: 0.9, name: layers.name('norm') }).apply(x) as tf.SymbolicTensor;
      drop();
    };
    const gru = () => {
      x = tf.layers
        .bidirectional({
          layer: tf.layers.gru({
            units,
            returnSequences: true,
            kernelInitializer: layers.initializer(),
            recurrentInitializer: layers.initializer('orthogonal'),
          }) as never,
          mergeMode: 'concat',
          name: layers.name('bigru'),
        })
        .apply(x) as tf.SymbolicTensor;
      drop();
    };
    if (encoder === 'conv1d') {
      for (let i = 0; i < n; i++) conv(i, i === 0 ? down : 1);
    } else if (encoder === 'conv1d-gru') {
      conv(0, down);
      for (let i = 1; i < n; i++) gru();
    } else {
      if (down > 1)
        x = tf.layers
          .averagePooling1d({ poolSize: down, strides: down, padding: 'same', name: layers.name('pool') })
          .apply(x) as tf.SymbolicTensor;
      for (let i = 0; i < n; i++) gru();
    }
    return x;
  }
}
