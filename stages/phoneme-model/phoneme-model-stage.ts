import * as tf from '@tensorflow/tfjs';
import { inject, injectable } from 'inversify';
import {
  NetworkStage,
  seededDropout,
  SpecAugment,
  type CtcHeadOptions,
  type LayerFactory,
} from '../../src/api/network.js';
import { STAGE_CONTEXT, type StageContext } from '../../src/api/plugin.js';
import type { PhonemeModelParams } from '../generated/phoneme-model.params.js';

/** A conv1d, GRU or conv1d-GRU encoder from frames to phoneme posteriors (the CTC head's outputs). */
@injectable()
export class PhonemeModelStage extends NetworkStage<PhonemeModelParams> {
  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<PhonemeModelParams>) {
    super(ctx);
  }

  protected override headOptions(): CtcHeadOptions {
    return { decodeAs: 'posteriors', errorMetric: 'per', tooShort: this.ctx.params.tooShort };
  }

  override outputLength(n: number): number {
    return Math.ceil(n / this.ctx.params.downsample);
  }

  override lengthMultiple(): number {
    return this.ctx.params.downsample;
  }

  protected body(input: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
    const p = this.ctx.params;
    const { layers: n, units, downsample: down, dropout, encoder } = p;
    let x = input;
    const sa = p.specAugment;
    if (sa) {
      x = new SpecAugment({
        freqMasks: sa.freqMasks,
        freqWidth: sa.freqWidth,
        timeMasks: sa.timeMasks,
        timeWidth: sa.timeWidth,
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
          kernelSize: p.kernelSize,
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
