import * as tf from '@tensorflow/tfjs';
import { inject, injectable } from 'inversify';
import { LogPower, NetworkStage, PeakNormalize, type LayerFactory } from '../../src/api/network.js';
import { STAGE_CONTEXT, type StageContext } from '../../src/api/plugin.js';
import type { LearnedFilterbankParams } from '../generated/learned-filterbank.params.js';
import { waveformRate } from '../shared/waveform-checks.js';

/** The learned front end's layers: peak normalisation, strided convolution filters, log power, batch norm. */
@injectable()
export class LearnedFilterbankStage extends NetworkStage<LearnedFilterbankParams> {
  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<LearnedFilterbankParams>) {
    super(ctx);
  }

  private samples(ms: number): number {
    return Math.max(1, Math.round((ms * waveformRate(this.ctx.inputTypes[0])!) / 1000));
  }

  private hop(): number {
    return this.samples(this.ctx.params.hopMs);
  }

  override outputLength(n: number): number {
    return Math.ceil(n / this.hop());
  }

  override lengthMultiple(): number {
    return this.hop();
  }

  override buildLayers(input: tf.SymbolicTensor, _role: 'member' | 'last', layers: LayerFactory): tf.SymbolicTensor {
    // The bands are the representation: no bottleneck on top.
    return this.body(input, layers);
  }

  protected body(input: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
    let x = new PeakNormalize({ name: layers.name('peak') }).apply(input) as tf.SymbolicTensor;
    x = tf.layers
      .conv1d({
        filters: 2 * this.ctx.params.filters,
        kernelSize: this.samples(this.ctx.params.windowMs),
        strides: this.hop(),
        padding: 'same',
        useBias: false,
        kernelInitializer: layers.initializer(),
        name: layers.name('filters'),
      })
      .apply(x) as tf.SymbolicTensor;
    x = new LogPower({ name: layers.name('log_power') }).apply(x) as tf.SymbolicTensor;
    return tf.layers.batchNormalization({ momentum: 0.9, name: layers.name('norm') }).apply(x) as tf.SymbolicTensor;
  }
}
